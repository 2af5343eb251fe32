# sleep: fractions and suffixes sum up; bad intervals; sync succeeds
$BOX sleep 0.1 0.1s; echo "status $?"
$BOX sleep 0.001m; echo "status $?"
$BOX sleep x; echo "status $?"
$BOX sleep; echo "status $?"
$BOX sync ; echo "status $?"
