# printf: conversions, widths, escapes, reuse of the format.
printf '%s\n' hello
printf '%s %s\n' a b c d e
printf '%d %i %o %x %X %u\n' 42 -7 8 255 255 3
printf '[%5s][%-5s][%.2s]\n' ab ab abcdef
printf '[%5d][%-5d][%05d]\n' 42 42 42
printf '%c%c\n' hello world
printf '%b\n' 'tab\there' 'nl\\n'
printf 'esc: \t|\\|\101\n'
printf '%%\n'
printf '%s\n'
printf 'no newline'
echo
printf '%3.1f %e %g\n' 3.14159 1234.5 0.0001
printf "%d\n" "'A"
printf '%*d|%-*d|\n' 4 7 3 8
printf '%s=%d\n' a 1 b 2
printf '%x\n' 0x1F
printf '%b' 'stop\cnot shown'
echo
printf -- '-%s\n' dash
