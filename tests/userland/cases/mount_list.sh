# mode: self
# mount without arguments lists /proc/mounts as "SOURCE on DIR type TYPE (OPTIONS)"; -t filters
$BOX mount > out || exit 1
[ "$(wc -l < out)" = "$(wc -l < /proc/mounts)" ] || exit 2
grep -q '^proc on /proc type proc (' out || exit 3
$BOX mount -t proc | grep -vq ' type proc ' && exit 4
$BOX mount a b c 2>/dev/null && exit 5
exit 0
