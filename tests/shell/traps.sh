# trap: EXIT, signals sent to ourselves, listing, resetting, ignoring.
trap 'echo "exit trap, status $?"' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo after usr1
trap 'echo got TERM; term=1' TERM
kill -TERM $$
echo "term=$term"
trap
trap - USR1
trap '' USR2
kill -USR2 $$
echo survived usr2
trap 'echo int caught' INT
kill -INT $$
trap - INT TERM
trap
f() { trap 'echo in-func-trap' HUP; }
f
kill -HUP $$
(trap 'echo subshell exit' EXIT; exit 3)
echo "sub $?"
exit 4
