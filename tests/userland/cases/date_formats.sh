# date with a fixed time: -d @N, -u, +FORMAT, ISO dates, -R, a bad date
$BOX date -u -d @0
$BOX date -d @1700000000 '+%Y-%m-%d %H:%M:%S %a %b %j %u %s'
$BOX date -d '2024-02-29 13:14:15' '+%F %T %p %I'
$BOX date -d '2024-02-29' +%A
$BOX date -u -d @86399 +%N.%H
$BOX date -R -d @0
$BOX date -d 'no such date'; echo "status $?"
