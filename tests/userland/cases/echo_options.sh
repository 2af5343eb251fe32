# echo: -n, -e escapes (\t \n \0NNN \x41 \c), -E, and dashes that are not options
$BOX echo hello   world
$BOX echo -n no newline; $BOX echo
$BOX echo -e 'a\tb\nc\0101\x42\\'
$BOX echo -e 'stop\cnot shown'; $BOX echo
$BOX echo -E 'raw\t'
$BOX echo -x -- -n
$BOX echo -ne 'x\n'
