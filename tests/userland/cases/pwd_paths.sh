# pwd, basename, dirname
mkdir -p a/b && cd a/b
$BOX pwd -P | sed "s|^$TMP|TMP|"
$BOX basename /usr/lib/libc.so .so
$BOX basename dir/ ; $BOX basename / ; $BOX basename a//b//
$BOX basename -a x/y z/w
$BOX basename -s .c a.c b.c
$BOX dirname /usr/lib/ a b/c /; $BOX dirname //x
$BOX basename ; echo "status $?"
$BOX dirname ; echo "status $?"
