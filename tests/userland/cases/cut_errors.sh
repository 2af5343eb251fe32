# cut: no list, a bad list, a zero field, a long delimiter, a delimiter without -f
$BOX cut "$DATA/text"; echo "status $?"
$BOX cut -f x "$DATA/text"; echo "status $?"
$BOX cut -f 0 "$DATA/text"; echo "status $?"
$BOX cut -d ab -f 1 "$DATA/text"; echo "status $?"
$BOX cut -c 1 -d : "$DATA/text"; echo "status $?"
$BOX cut -f 3-2 "$DATA/text"; echo "status $?"
