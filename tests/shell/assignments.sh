# Assignments: no splitting, no globbing, multiple, with substitutions.
cd "$TMPDIR"; : > g1; : > g2
v=*
echo "$v"
w="a   b"
x=$w
echo "$x"
y=$(echo "c   d")
echo "$y"
a=1 b=$a
echo "$b"
z=  
echo "[$z]"
e=with=equals
echo $e
n=${e%%=*}
echo $n
q='single'"double"plain
echo $q
t=~
case $t in /*) echo tilde-abs;; esac
cnt=0; cnt=$((cnt+1)); cnt=$((cnt+1)); echo $cnt
