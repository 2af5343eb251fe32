# mode: self
# kill: -l lists and converts names and numbers; -s, -SIG and -N send signals
[ "$($BOX kill -l 9)" = KILL ] || exit 1
[ "$($BOX kill -l TERM)" = 15 ] || exit 2
$BOX kill -l | grep -q '15) SIGTERM' || exit 3
sleep 10 & pid=$!
$BOX kill -s TERM $pid || exit 4
wait $pid; [ $? = 143 ] || exit 5
sleep 10 & pid=$!
$BOX kill -KILL $pid || exit 6
wait $pid; [ $? = 137 ] || exit 7
sleep 10 & pid=$!
$BOX kill -9 $pid || exit 8
wait $pid; [ $? = 137 ] || exit 9
$BOX kill -s NOPE 1 2>/dev/null && exit 10
$BOX kill 999999999 2>/dev/null && exit 11
exit 0
