# Division by zero is an expansion error.
echo $((4 / 2))
(echo $((1 / 0)); echo no)
echo "status $?"
echo $((1 % 0))
echo never
