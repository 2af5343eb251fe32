# sort -c reports the first line out of order; -o writes a file (may be an input)
$BOX sort -c "$DATA/fruits"
echo "status $?"
$BOX sort "$DATA/fruits" | $BOX sort -c
echo "status $?"
cp "$DATA/fruits" f
$BOX sort -o f f
cat f
