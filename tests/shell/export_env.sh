# export, env of children, readonly, unset.
unset FOO
FOO=local-only
sh -c 'echo "child sees [$FOO]"'
export FOO
sh -c 'echo "child sees [$FOO]"'
export BAR=exported
sh -c 'echo "bar [$BAR]"'
BAZ=prefix sh -c 'echo "prefix [$BAZ]"'
echo "baz after [$BAZ]"
export -p | grep -c '^export FOO=' 
readonly RO=fixed
echo $RO
(RO=changed) 2>/dev/null || echo "readonly refused"
unset FOO
sh -c 'echo "after unset [$FOO]"'
v=1; unset v; echo "[${v-unset}]"
x=1 y=2; echo "$x$y"
x=a export x; sh -c 'echo "x=$x"'
env_prefix() { echo "fn sees $PV"; }
PV=temp env_prefix
echo "PV after [$PV]"
