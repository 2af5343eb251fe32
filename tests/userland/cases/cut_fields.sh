# cut -f with -d, ranges, lines without the delimiter, -s, --complement
$BOX cut -d: -f1,7 "$DATA/passwd"
$BOX cut -d: -f3- "$DATA/passwd"
$BOX cut -d: -f-2,6 "$DATA/passwd"
$BOX cut -d' ' -f2 "$DATA/text"
$BOX cut -d' ' -f2 -s "$DATA/text"
$BOX cut -f2 "$DATA/text"
$BOX cut -d: --complement -f2-6 "$DATA/passwd"
