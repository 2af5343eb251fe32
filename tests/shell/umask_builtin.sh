# umask: print and set.
umask 022
umask
umask 077
umask
umask -S
cd "$TMPDIR"
: > newfile
[ -w newfile ] && echo writable
[ -x newfile ] || echo not-executable
umask 022
