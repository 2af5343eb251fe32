# stat's default layout (times and inode vary: compared through sed)
printf 'hello' > f
touch -d '2015-03-04 05:06:07' f
$BOX stat f | sed -e 's/Inode: [0-9]*/Inode: N/' -e 's/Device: [0-9,]*/Device: D/' \
    -e 's/^\(Access\|Change\| Birth\): [0-9].*/\1: T/'
