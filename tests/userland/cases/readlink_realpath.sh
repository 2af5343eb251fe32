# readlink and realpath
mkdir -p d/e
touch d/e/f
ln -s d/e/f l
ln -s l ll
$BOX readlink l ll
$BOX readlink -f ll | sed "s|^$TMP|TMP|"
$BOX readlink d; echo "status $?"
$BOX realpath ll d/e/../e | sed "s|^$TMP|TMP|"
$BOX realpath nosuch/x; echo "status $?"
