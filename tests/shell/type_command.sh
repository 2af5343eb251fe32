# type, command -v, command.
f() { :; }
command -v echo
command -v f
command -v if
command -v no_such_thing_xyz; echo "status $?"
type echo
type f
type if
type set
command echo via-command
echo() { printf 'fake echo\n'; }
echo x
command echo real echo
unset -f echo
command -v cat >/dev/null && echo "cat found"
