# grep: a match in a file with NUL bytes is reported, not printed
printf 'text\0more\nmatch here\n' > bin
$BOX grep match bin; echo "status $?"
$BOX grep -c match bin
