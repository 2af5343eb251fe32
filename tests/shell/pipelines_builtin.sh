# Pipelines of builtins.
echo hello | read x; echo "x after pipe: [$x]"
echo one two | { read a b; echo "$b $a"; }
printf 'a\nb\nc\n' | while read l; do echo "line $l"; done
echo abc | { read v; echo "$v$v"; } | { read w; echo "[$w]"; }
! true | false; echo "negated $?"
true | false; echo "last fails $?"
false | true; echo "last ok $?"
x=0; echo 1 | while read n; do x=$n; done; echo "x=$x"
echo end
