# set -x traces to stderr.
set -x
echo traced
x=1
y="a b"
echo "$y" $x
f() { echo "in f"; }
f
set +x
echo quiet
