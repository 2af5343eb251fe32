# tail: default 10, -n N, -n +N, -N, +N, several files
$BOX seq 30 | $BOX tail
$BOX tail -n 2 "$DATA/fruits"
$BOX tail -n +8 "$DATA/fruits"
$BOX tail -3 "$DATA/text"
$BOX tail -n 1 "$DATA/fruits" "$DATA/two_lines"
$BOX tail -n 1 "$DATA/no_newline"; echo
$BOX tail -n 0 "$DATA/fruits"
