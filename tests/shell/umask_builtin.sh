# umask: print and set.
umask 022
umask
umask 077
umask
umask -S
cd "$TMPDIR"
: > newfile
ls -l newfile | cut -c1-10 2>/dev/null || true
umask 022
