# true and false: their status, whatever the arguments
$BOX true; echo "true $?"
$BOX false; echo "false $?"
$BOX true --ignored; echo "true $?"
