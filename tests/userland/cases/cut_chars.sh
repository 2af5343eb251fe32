# cut -c and -b: positions, ranges, open ranges
$BOX cut -c1-3 "$DATA/fruits"
$BOX cut -c2,4- "$DATA/text"
$BOX cut -b -2 "$DATA/text"
