# an unknown option: getopt's message, the --help hint, status 1
$BOX cat -z "$DATA/two_lines"
