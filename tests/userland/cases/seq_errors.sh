# seq: a bad number, no operand, a zero increment
$BOX seq x
echo "status $?"
$BOX seq
echo "status $?"
$BOX seq 1 0 3
echo "status $?"
