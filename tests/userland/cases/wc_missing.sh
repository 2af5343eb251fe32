# wc: a missing file among others
$BOX wc -l "$DATA/fruits" nosuchfile "$DATA/two_lines"
echo "status $?"
