# kill: by pid and %job, signal names, -l.
(while :; do :; done) &
pid=$!
kill $pid
wait $pid; echo "term: $?"
(while :; do :; done) &
kill -s KILL %1 2>/dev/null || kill -9 $!
wait; echo waited
(while :; do :; done) &
kill -USR1 $!
wait $!; echo "usr1: $?"
kill -l 15
kill -l 137
sh -c 'kill -HUP $$'; echo "hup: $?"
