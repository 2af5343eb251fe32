# Field splitting with IFS.
x='  a   b  c  '
set -- $x
echo $# "$1" "$3"
IFS=:
y='a::b:c:'
set -- $y
echo $#
for f in $y; do echo "[$f]"; done
IFS=' :'
z=' a : b :c '
for f in $z; do echo "<$f>"; done
IFS=
w='a b c'
set -- $w
echo $#
unset IFS
v='a	b
c'
set -- $v
echo $#
IFS=,
list=one,two,,three
for i in $list; do echo "item=$i"; done
IFS=' '
q="quoted stays"
set -- "$q"
echo $#
echo literal:stays:together
