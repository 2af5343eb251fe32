# ${x?msg} ends a non-interactive shell with status 2.
echo start
(unset v; echo ${v?custom message}; echo no)
echo "sub status $?"
: ${w:?}
echo never
