# wc: the default counts, each option, several files with a total, stdin
$BOX wc "$DATA/fruits"
$BOX wc -l "$DATA/fruits"
$BOX wc -w "$DATA/text"
$BOX wc -c "$DATA/no_newline"
$BOX wc -m "$DATA/text"
$BOX wc -lw "$DATA/fruits" "$DATA/text" "$DATA/empty"
$BOX wc < "$DATA/text"
$BOX cat "$DATA/text" | $BOX wc -l
$BOX cat "$DATA/text" | $BOX wc
