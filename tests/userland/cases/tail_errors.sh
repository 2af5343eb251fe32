# tail: a missing file and a bad count
$BOX tail nosuchfile
echo "status $?"
$BOX tail -c x "$DATA/two_lines"
echo "status $?"
