# eval and the . builtin.
eval 'echo one; echo two'
cmd='x=5'
eval $cmd
echo $x
eval "y=\$x"
echo $y
eval 'for i in a b; do echo $i; done'
eval
echo "empty eval $?"
eval false; echo "eval false $?"
for i in 1 2 3; do eval 'if [ $i = 2 ]; then break; fi'; echo $i; done
cd "$TMPDIR"
printf 'dotvar=dotted\necho "in dot $1"\nreturn 3\necho no\n' > lib.sh
. ./lib.sh arg1
echo "dot status $? $dotvar"
printf 'lastcmd() { echo defined-in-dot; }\n' > lib2.sh
. "$TMPDIR/lib2.sh"
lastcmd
f() { eval 'return 9'; echo not-here; }
f; echo "f $?"
a='$b' b=deep
eval echo $a
