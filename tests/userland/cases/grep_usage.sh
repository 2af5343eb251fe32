# grep: no pattern, an unknown option (status 2, GNU's usage line)
$BOX grep; echo "status $?"
$BOX grep -Q x "$DATA/fruits"; echo "status $?"
