# printf: a non-number argument is reported and counts as 0, status 1; no format at all
$BOX printf '%d\n' abc
echo "status $?"
$BOX printf '%d\n' 12abc
echo "status $?"
$BOX printf
echo "status $?"
