# ls: a missing operand is reported, the others listed, status 2; a bad option
touch here
$BOX ls here nosuchfile
echo "status $?"
$BOX ls -y
echo "status $?"
