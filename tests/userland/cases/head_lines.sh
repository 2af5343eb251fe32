# head: default 10, -n N, -n -N (all but the last N), -N, several files with headers, -q
$BOX seq 20 | $BOX head
$BOX head -n 3 "$DATA/fruits"
$BOX head -n -7 "$DATA/fruits"
$BOX head -2 "$DATA/text"
$BOX head -n 1 "$DATA/fruits" "$DATA/two_lines"
$BOX head -q -n 1 "$DATA/fruits" "$DATA/two_lines"
$BOX head -n 1 "$DATA/no_newline"; echo
