# ln: hard and symbolic links, -f, into a directory, errors
printf 'target\n' > t
$BOX ln t hard
$BOX ln -s t soft
readlink soft; cat hard
$BOX ln -s t soft; echo "status $?"
$BOX ln t hard; echo "status $?"
$BOX ln -sf other soft; readlink soft
mkdir d
$BOX ln -s ../t d
readlink d/t
$BOX ln; echo "status $?"
stat -c '%h' t
