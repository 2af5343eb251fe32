# Errors in special builtins end a non-interactive shell.
echo start
shift 5
echo never
