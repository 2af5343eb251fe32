# find: -exec ... ;, -exec ... +, -print0, -newer, -empty, -delete, -prune
mkdir -p t/keep t/skip
touch t/keep/a t/skip/b
touch -d '2000-01-01' t/old
printf x > t/full
$BOX find t -type f -exec echo found {} ';' | sort
$BOX find t/keep -type f -exec echo batch {} +
$BOX find t/keep -print0 | tr '\0' '|'; echo
$BOX find t -newer t/old -type f | sort
$BOX find t -empty | sort
$BOX find t -name skip -prune -o -type f -print | sort
$BOX find t/skip -delete
ls t
