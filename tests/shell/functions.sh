# Functions: arguments, return, recursion, local, redefinition.
greet() {
    echo "hello $1 ($#)"
}
greet world
greet "big world" extra
ret() { return $1; }
ret 5; echo "ret $?"
ret 0; echo "ret $?"
fact() {
    if [ $1 -le 1 ]; then echo 1; return; fi
    local sub
    sub=$(fact $(($1 - 1)))
    echo $(($1 * sub))
}
fact 6
x=global
scope() { local x=local; echo "in $x"; inner; }
inner() { echo "inner sees $x"; }
scope
echo "out $x"
count() { echo $#; }
count a "b c" d
f() { echo first; }
f
f() { echo second; }
f
noret() { false; }
noret; echo "implicit $?"
early() { echo before; return 3; echo after; }
early; echo "early $?"
args() { set -- changed; echo "$1"; }
set -- orig
args
echo "$1"
compound() ( echo subshell-body; x=changed )
compound; echo $x
loopfn() { for i in 1 2 3; do [ $i = 2 ] && return 7; echo $i; done; }
loopfn; echo "loopfn $?"
unset -f f
f 2>/dev/null || echo "f gone"
