# sort: byte order (C locale), -r, -u, several files, stdin
$BOX sort "$DATA/fruits"
$BOX sort -r "$DATA/fruits"
$BOX sort -u "$DATA/fruits" "$DATA/two_lines"
$BOX cat "$DATA/text" | $BOX sort
