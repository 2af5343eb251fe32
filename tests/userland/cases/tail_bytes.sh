# tail -c N and -c +N
$BOX tail -c 6 "$DATA/text"
$BOX tail -c +150 "$DATA/text"
