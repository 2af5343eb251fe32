# && || ! and their statuses.
true && echo a
false && echo b
false || echo c
true || echo d
true && false || echo e
false && true || echo f
true || false && echo g
! true || echo h
! false && echo i
x=0; true && { x=1; false; } || x=2; echo $x
true &&
  echo continued-and
false ||
  echo continued-or
[ 1 = 1 ] && [ 2 = 2 ] && echo both
