# exec: replacing the shell, and redirections that last.
cd "$TMPDIR"
exec 3>fd3
echo through3 >&3
exec 3>&-
cat fd3
(exec echo exec-in-subshell)
echo still here
exec 6>&1
exec > redirected
echo into-file
exec 1>&6 6>&-
cat redirected
sh -c 'exec echo replaced; echo never'
exec sh -c 'echo final; exit 3'
echo never
