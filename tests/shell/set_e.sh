# set -e: which failures end the script.
set -e
false || true
echo "after false || true"
if false; then :; fi
echo "after if false"
! true
echo "after ! true"
while false; do :; done
echo "after while"
false && echo no
echo "after false &&"
f() { false; echo "in f after false (tested)"; }
f || echo "f failed"
x=$(false; echo still) 
echo "subst $x"
(false)
echo "not reached"
