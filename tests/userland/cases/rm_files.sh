# rm: files, -f on missing, directories need -r, -r trees, refusing . and ..
touch a b
mkdir -p d/e
touch d/e/f
$BOX rm a; echo "status $?"
$BOX rm nosuch; echo "status $?"
$BOX rm -f nosuch; echo "status $?"
$BOX rm d; echo "status $?"
$BOX rm -r d; echo "status $?"
$BOX rm -r .; echo "status $?"
$BOX rm; echo "status $?"
mkdir empty
$BOX rm -d empty; echo "status $?"
ls
