# cat: a missing file is reported, the rest still printed, status 1; a directory too
$BOX cat "$DATA/two_lines" nosuchfile "$DATA/two_lines"
echo "status $?"
$BOX cat "$DATA"
