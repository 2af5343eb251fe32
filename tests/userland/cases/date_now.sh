# mode: self
# date without -d: the current time, in the default layout and as +%s
now=$(date +%s)
ours=$($BOX date +%s)
[ $((ours - now)) -ge 0 ] && [ $((ours - now)) -le 5 ] || exit 1
$BOX date | grep -Eq '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} UTC [0-9]{4}$' || exit 2
exit 0
