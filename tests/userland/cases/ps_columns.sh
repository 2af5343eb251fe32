# mode: self
# ps: the default header and rows (PID TTY TIME CMD), -e lists our own process, -f and aux
# layouts, -p selects one pid
$BOX ps > out || exit 1
[ "$(head -n 1 out)" = "  PID TTY          TIME CMD" ] || exit 2
tail -n +2 out | grep -Evq '^ *[0-9]+ [^ ]+ +([0-9]+-)?[0-9]{2}:[0-9]{2}:[0-9]{2} .' && exit 3
$BOX ps -e > all || exit 4
[ "$(wc -l < all)" -ge "$(wc -l < out)" ] || exit 5
grep -Eq '^ *1 ' all || exit 6
$BOX ps -ef | head -n 1 | grep -q '^UID  *PID  *PPID  *C STIME TTY  *TIME CMD$' || exit 7
$BOX ps aux | head -n 1 | grep -q '^USER  *PID %CPU %MEM  *VSZ  *RSS TTY  *STAT START  *TIME COMMAND$' || exit 8
[ "$($BOX ps -p 1 | wc -l)" = 2 ] || exit 9
$BOX ps -p 999999999 > /dev/null && exit 10
exit 0
