# mv: rename, into a directory, several, errors
printf 'one\n' > a
printf 'two\n' > b
mkdir d
$BOX mv a c
$BOX mv c b d
ls d
$BOX mv nosuch x; echo "status $?"
$BOX mv; echo "status $?"
$BOX mv d/b; echo "status $?"
$BOX mv d e && ls e
