# Command not found and not executable messages (wording may differ: err_ script).
no_such_cmd_abc
echo "status $?"
/no/such/path/cmd
echo "status $?"
cd "$TMPDIR"
: > plain
./plain
echo "status $?"
"$TMPDIR"
echo "status $?"
