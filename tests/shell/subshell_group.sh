# ( ) subshells and { } groups.
x=1
(x=2; echo "in sub $x")
echo "after sub $x"
{ x=3; echo "in group $x"; }
echo "after group $x"
(exit 4); echo "sub status $?"
{ false; }; echo "group status $?"
(cd /; pwd)
( (echo double nested) )
{ echo a; echo b; } | cat
(echo c; echo d) | cat
y=$( { echo g1; echo g2; } )
echo $y
(set -- s1 s2; echo "$# $1")
echo "$#"
{ echo redirected; } > "$TMPDIR/g.txt"
cat "$TMPDIR/g.txt"
(trap 'echo sub-exit' EXIT; echo in-sub)
(trap 'echo external-last' EXIT; cat /dev/null)
echo done
