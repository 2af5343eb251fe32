# seq: LAST, FIRST LAST, FIRST INCR LAST, negatives, decimals, -s, -w, empty ranges
$BOX seq 3
$BOX seq 2 5
$BOX seq 10 -3 1
$BOX seq -2 0
$BOX seq 1 0.5 3
$BOX seq -s, 1 5
$BOX seq -w 8 11
$BOX seq 5 1
echo "status $?"
