# head -c N and -c -N
$BOX head -c 5 "$DATA/text"; echo
$BOX head -c -150 "$DATA/text"; echo
$BOX head -c 1K "$DATA/empty"
