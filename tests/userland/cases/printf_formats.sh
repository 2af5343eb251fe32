# printf: conversions, flags, widths, precision, %b, escapes, reuse of the format
$BOX printf '%s|%5s|%-5s|%.2s\n' abc def ghi jklmn
$BOX printf '%d %i %05d %+d %x %X %o %u\n' 42 -7 42 5 255 255 8 3
$BOX printf '%.3f %e %g %10.1f\n' 3.14159 12345.678 0.0001 2.25
$BOX printf '%c%c\n' hello world
$BOX printf '%b\n' 'a\tb' 'c\0101'
$BOX printf '[%s]\n' one two three
$BOX printf 'no args: %s %d|\n'
$BOX printf '\101\x42\t%%\n'
$BOX printf '%*d|%-*s|\n' 5 42 4 ab
$BOX printf "%d\n" "'A"
