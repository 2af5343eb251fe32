# mode: self
# free: the header and rows, totals that agree with /proc/meminfo in each unit
total=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
$BOX free > out || exit 1
[ "$(head -n 1 out)" = "               total        used        free      shared  buff/cache   available" ] || exit 2
[ "$(awk '/^Mem:/ { print $2 }' out)" = "$total" ] || exit 3
[ "$($BOX free -m | awk '/^Mem:/ { print $2 }')" = $((total / 1024)) ] || exit 4
[ "$($BOX free -b | awk '/^Mem:/ { print $2 }')" = $((total * 1024)) ] || exit 5
$BOX free -h | grep -Eq '^Mem: +[0-9.]+[KMGT]i ' || exit 6
grep -q '^Swap:' out || exit 7
exit 0
