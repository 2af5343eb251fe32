# grep: BRE matching, -i, -v, -c, -n, -x, -w, several files, stdin
$BOX grep the "$DATA/text"
$BOX grep -i the "$DATA/text"
$BOX grep -v a "$DATA/fruits"
$BOX grep -c apple "$DATA/fruits" "$DATA/text"
$BOX grep -n o "$DATA/text"
$BOX grep -x apple "$DATA/fruits"
$BOX grep -w foo "$DATA/text"
$BOX grep -w 'ab' "$DATA/text"
$BOX cat "$DATA/fruits" | $BOX grep an
$BOX grep -h apple "$DATA/fruits" "$DATA/fruits"
$BOX grep -H apple "$DATA/fruits"
