# env: print, -i, NAME=VALUE, -u, running a command, a command that is not there
FOO=bar $BOX env | grep '^FOO='
$BOX env -i A=1 B=2 | sort
$BOX env -i X=y sh -c 'echo $X'
FOO=bar $BOX env -u FOO sh -c 'echo "[${FOO-unset}]"'
$BOX env -i | wc -l
$BOX env nosuchcommand_x; echo "status $?"
