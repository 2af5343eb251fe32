# grep -o: every match on its own line, leftmost-longest; with -n and -i; -e and -f
$BOX grep -o 'o[a-z]*' "$DATA/text"
$BOX grep -on '[0-9]\+' "$DATA/text"
$BOX grep -oiE 'the|quick' "$DATA/text"
$BOX grep -oE 'a|ab|abb' "$DATA/text"
$BOX grep -e apple -e fig "$DATA/fruits"
printf 'cherry\ndate\n' > pats
$BOX grep -f pats "$DATA/fruits"
