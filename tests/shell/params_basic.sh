# Parameters: plain, braced, positional, special.
set -- one two three four five six seven eight nine ten eleven
echo $# $1 $2 $9 ${10} ${11}
echo "$0" | tr -d '/' >/dev/null
shift
echo $# $1
shift 2
echo $# "$@"
x=abc
echo $x ${x} "${x}" ${x}def
unset x
echo "[${x}]"
false
echo $?
true
echo $?
echo ${#1}
