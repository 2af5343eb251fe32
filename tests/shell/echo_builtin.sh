# dash-style echo: -n and backslash escapes.
echo -n no-newline; echo
echo -n
echo -e not-an-option
echo 'a\tb'
echo 'line\nbreak'
echo 'stop\chere' after
echo 'oct\0101\101'
echo 'back\\slash'
echo '\q unknown'
echo -- dashes
echo
echo ''
echo a '' b
