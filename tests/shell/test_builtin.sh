# test and [ operators.
t() { if "$@"; then echo "T: $*"; else echo "F: $*"; fi; }
t test -n abc
t test -z ""
t [ abc = abc ]
t [ abc != abd ]
t [ 3 -eq 3 ]
t [ 3 -ne 3 ]
t [ 2 -lt 10 ]
t [ 10 -le 9 ]
t [ 5 -gt 4 ]
t [ 5 -ge 6 ]
t [ ! -z x ]
t [ x ]
t [ "" ]
t [ ]
t [ -n "" -o -z "" ]
t [ -n x -a -n "" ]
t [ \( 1 -eq 1 \) -a \( 2 -eq 2 \) ]
t [ a \< b ]
t [ b \> a ]
cd "$TMPDIR"
: > file; printf x > nonempty
dir=.
t [ -e file ]
t [ -f file ]
t [ -d "$dir" ]
t [ -f "$dir" ]
t [ -d / ]
t [ -s nonempty ]
t [ -s file ]
t [ -e nothing ]
t [ -r file ]
t [ -w file ]
t [ -x "$dir" ]
t [ -h file ]
t [ -L file ]
t test ! -e nothing
t [ -1 -lt 0 ]
t [ = ]
t [ -n ]
