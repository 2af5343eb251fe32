# mode: self
# id: the numbers are the caller's; names come from /etc/passwd and /etc/group
[ "$($BOX id -u)" = "$(id -u)" ] || exit 1
[ "$($BOX id -g)" = "$(id -g)" ] || exit 2
[ "$($BOX id -un)" = "$(id -un)" ] || exit 3
[ "$($BOX id -gn)" = "$(id -gn)" ] || exit 4
$BOX id | grep -q "^uid=$(id -u)($(id -un)) gid=$(id -g)($(id -gn)) groups=" || exit 5
$BOX id -n 2>/dev/null && exit 6
exit 0
