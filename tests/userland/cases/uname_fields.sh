# mode: self
# uname: the fields (under qemu-riscv64 the machine is riscv64, not the host's), -a's order
[ "$($BOX uname )" = Linux ] || exit 1
[ "$($BOX uname -s)" = "$(uname -s)" ] || exit 2
[ "$($BOX uname -n)" = "$(uname -n)" ] || exit 3
[ "$($BOX uname -r)" = "$(uname -r)" ] || exit 4
m=$($BOX uname -m); [ -n "$m" ] || exit 5
[ "$($BOX uname -a)" = "$($BOX uname -snrvm) GNU/Linux" ] || exit 6
[ "$($BOX uname -o)" = GNU/Linux ] || exit 7
$BOX uname x 2>/dev/null && exit 8
exit 0
