# mode: self
# df: one row per mounted file system with blocks, the root among them; -h; an operand
$BOX df > out || exit 1
head -n 1 out | grep -q '^Filesystem  *1K-blocks  *Used  *Available Use% Mounted on$' || exit 2
grep -q ' /$' out || exit 3
$BOX df -h / | tail -n 1 | grep -Eq '^[^ ]+ +[0-9.]+[KMGT]? ' || exit 4
[ "$($BOX df / | wc -l)" = 2 ] || exit 5
$BOX df /nosuch 2>/dev/null && exit 6
exit 0
