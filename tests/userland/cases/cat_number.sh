# cat -n numbers every line across files; -b only non-blank ones; -s squeezes blank runs
$BOX cat -n "$DATA/fruits" "$DATA/two_lines"
$BOX cat -b "$DATA/fruits"
printf 'a\n\n\n\nb\n' | $BOX cat -s
printf 'tab\there\n' | $BOX cat -A
