# mkdir -p, -m; rmdir -p and the errors of both
$BOX mkdir a
$BOX mkdir a; echo "status $?"
$BOX mkdir -p x/y/z a; echo "status $?"
$BOX mkdir -m 700 private
$BOX mkdir -m u=rwx,g=rx,o= sym
stat -c '%a %n' private sym x/y/z
$BOX mkdir no/such; echo "status $?"
$BOX mkdir; echo "status $?"
$BOX mkdir -m zz q; echo "status $?"
$BOX rmdir x; echo "status $?"
$BOX rmdir -p x/y/z; echo "status $?"
$BOX rmdir nosuch; echo "status $?"
$BOX rmdir; echo "status $?"
ls
