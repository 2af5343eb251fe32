# $?, $#, $@ vs $*, "$@" semantics
set -- "a b" c "" d
echo $#
for a in "$@"; do echo "[$a]"; done
for a in $@; do echo "<$a>"; done
for a in "$*"; do echo "{$a}"; done
for a in $*; do echo "($a)"; done
IFS=:
echo "$*"
IFS=' 	
'
set --
for a in "$@"; do echo never; done
echo "empty: [$@] [$*]"
set -- x
echo "one: [$@]"
f() { echo $#; }
f "$@"
set --
f "$@"
f "$@" ""
(exit 7)
echo $?
echo $$ >/dev/null
test "$$" -gt 0 && echo pid ok
