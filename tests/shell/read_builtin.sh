# read: splitting, -r, backslashes, EOF.
printf 'one two three four\n' | { read a b c; echo "[$a][$b][$c]"; }
printf '  lead and trail  \n' | { read x; echo "[$x]"; }
printf 'a\\tb c\\\nd\n' | { read x y; echo "[$x][$y]"; }
printf 'a\\tb\n' | { read -r x; echo "[$x]"; }
printf 'x:y:z\n' | { IFS=: read p q r; echo "$p $q $r"; }
printf 'last' | { read l; echo "status $? [$l]"; }
printf '' | { read e; echo "eof status $?"; }
printf 'l1\nl2\nl3\n' | { read a; read b; echo "$b $a"; }
printf 'only\n' | { read a b; echo "[$a][$b]"; }
while IFS= read -r line; do echo "<$line>"; done <<'EOF2'
  spaced  
back\slash
EOF2
