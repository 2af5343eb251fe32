# cat: several files, stdin as "-", a file without a final newline
$BOX cat "$DATA/two_lines" - "$DATA/no_newline" < "$DATA/fruits"
