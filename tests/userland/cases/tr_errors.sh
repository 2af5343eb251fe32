# tr: missing operands, an extra operand, a reversed range
$BOX tr; echo "status $?"
$BOX tr a; echo "status $?"
$BOX tr -d a b; echo "status $?"
$BOX tr z-a x < "$DATA/text"; echo "status $?"
