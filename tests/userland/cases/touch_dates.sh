# touch: create, -c, -d, -t, -r, -a/-m only, errors
$BOX touch new
$BOX touch -c notcreated; ls
$BOX touch -d '2020-05-06 07:08:09' new
stat -c '%y' new
$BOX touch -d @86400 new; stat -c '%Y' new
$BOX touch -t 202101020304.05 new; stat -c '%y' new
touch -d '1999-12-31 23:59:59' ref
$BOX touch -r ref new; stat -c '%Y' new
$BOX touch -m -d '2000-01-01' new; stat -c '%y' new
$BOX touch /no/such/dir/file; echo "status $?"
$BOX touch -d 'not a date' x; echo "status $?"
$BOX touch; echo "status $?"
