# grep -F: fixed strings, specials taken literally, with -w, -x, -i
printf 'a.b\naxb\n[x]\n$HOME\n' > in
$BOX grep -F 'a.b' in
$BOX grep -F '[x]' in
$BOX grep -F '$' in
$BOX grep -Fx 'axb' in
$BOX grep -Fi 'AXB' in
$BOX grep -Fw 'foo' "$DATA/text"
