# set -f disables globbing; set -- sets positional parameters.
cd "$TMPDIR"
: > a1; : > a2
echo a*
set -f
echo a*
set +f
echo a*
set -- x y z
echo $# $2
set --
echo $#
set -- -a
echo "$1"
set -- -- b
echo "$1 $#"
case $- in *f*) echo "f on" ;; *) echo "f off" ;; esac
