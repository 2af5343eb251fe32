# Exit statuses: builtins, externals, not found, not executable, signals.
true; echo $?
false; echo $?
nonexistent_command_xyz 2>/dev/null; echo $?
cd "$TMPDIR"
printf 'echo hi\n' > noexec.sh
./noexec.sh 2>/dev/null; echo $?
sh -c 'exit 42'; echo $?
sh -c 'kill -9 $$'; echo $?
sh -c 'kill -TERM $$'; echo $?
! false; echo $?
! true; echo $?
(exit 300); echo $?
f() { return 258; }
f; echo $?
cat /nonexistent-file 2>/dev/null; echo $?
echo "$(exit 5)"; echo $?
x=$(exit 6); echo $?
