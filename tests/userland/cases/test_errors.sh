# test: bad integers, a missing ], unknown unary operators, extra arguments
$BOX test 1 -eq x; echo "status $?"
$BOX [ 1 = 1; echo "status $?"
$BOX test -q a; echo "status $?"
$BOX test a = b c; echo "status $?"
$BOX test a =; echo "status $?"
