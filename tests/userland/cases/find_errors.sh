# compare: stdout status
# find: a missing start path, an unknown predicate, a missing argument (GNU quotes them with
# `...', box with '...')
$BOX find nosuch; echo "status $?"
$BOX find . -bogus; echo "status $?"
$BOX find . -name; echo "status $?"
$BOX find . -type q; echo "status $?"
