# Pipelines with external commands.
printf 'b\na\nc\n' | sort
printf 'one\ntwo\nthree\n' | grep t | wc -l | tr -d ' '
echo hello | tr a-z A-Z | cat
printf 'x\ny\n' | head -n 1
seq_out=$(printf '3\n1\n2\n' | sort | tr '\n' ' ')
echo "$seq_out"
echo data | cat | cat | cat
ls /nonexistent-dir 2>/dev/null | cat; echo "status $?"
printf 'a b\n' | { read p q; echo "$q" | tr a-z A-Z; }
