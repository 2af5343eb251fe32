# mode: self
# top -b -n 2: two frames, each with the summary lines and the process table
$BOX top -b -n 2 -d 0.2 > out || exit 1
[ "$(grep -c '^top - ' out)" = 2 ] || exit 2
grep -Eq '^Tasks: +[0-9]+ total, +[0-9]+ running' out || exit 3
grep -q '^%Cpu(s): ' out || exit 4
grep -Eq '^MiB Mem : +[0-9.]+ total' out || exit 5
grep -q '^    PID USER      PR  NI    VIRT    RES S  %CPU  %MEM     TIME+ COMMAND$' out || exit 6
grep -Eq '^ +1 ' out || exit 7
$BOX top -b -n 0 2>/dev/null && exit 8
exit 0
