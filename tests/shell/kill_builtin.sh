# kill: by pid and %job, signal names, -l.
sleep 10 &
pid=$!
kill $pid
wait $pid; echo "term: $?"
sleep 10 &
kill -s KILL %1 2>/dev/null || kill -9 $!
wait; echo waited
sleep 10 &
kill -USR1 $!
wait $!; echo "usr1: $?"
kill -l 15
kill -l 137
sh -c 'kill -HUP $$'; echo "hup: $?"
