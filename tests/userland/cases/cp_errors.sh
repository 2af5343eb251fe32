# cp: missing operands, a missing source, a directory without -r, the same file, a bad target
touch a b
mkdir d
$BOX cp; echo "status $?"
$BOX cp a; echo "status $?"
$BOX cp nosuch x; echo "status $?"
$BOX cp d e; echo "status $?"
$BOX cp a a; echo "status $?"
$BOX cp a b c; echo "status $?"
$BOX cp a b; echo "status $?"
$BOX cp -r d d/inside; echo "status $?"
