# mode: self
# which finds programs on PATH (and fails quietly otherwise); hostname prints the node
# name as uname -n does; clear writes the ANSI home-and-erase sequence
[ "$($BOX which sh)" = /usr/bin/sh ] || [ "$($BOX which sh)" = /bin/sh ] || exit 1
$BOX which -a sh | grep -q /sh || exit 2
$BOX which nosuchcommand_x && exit 3
[ "$($BOX hostname )" = "$($BOX uname -n)" ] || exit 4
[ "$($BOX clear | od -An -c | tr -d ' ')" = '033[H033[2J' ] || exit 5
exit 0
