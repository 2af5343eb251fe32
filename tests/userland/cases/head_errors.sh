# head: a missing file and a bad count
$BOX head -n 1 nosuchfile "$DATA/two_lines"
echo "status $?"
$BOX head -n x "$DATA/two_lines"
echo "status $?"
