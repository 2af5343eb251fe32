# Background jobs, $!, wait.
(: ; exit 3) &
pid=$!
wait $pid
echo "waited: $?"
echo bg-output > "$TMPDIR/bg.txt" &
wait
cat "$TMPDIR/bg.txt"
for i in 1 2 3; do (exit $i) & done
wait
echo "all done $?"
{ echo group-bg; } > "$TMPDIR/g.txt" &
wait $!
cat "$TMPDIR/g.txt"
test -n "$!" && echo "have \$!"
false &
wait $!; echo "false bg: $?"
sh -c 'kill -9 $$' &
wait $!; echo "killed bg: $?"
wait 99999999; echo "unknown: $?"
