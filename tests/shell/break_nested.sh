# break/continue with counts and in functions and while loops.
i=0
while :; do
    i=$((i+1))
    j=0
    while :; do
        j=$((j+1))
        [ $j -gt 2 ] && break
        [ $i -gt 2 ] && break 2
        echo "$i.$j"
    done
done
echo "out $i"
for a in 1 2 3; do
    for b in 1 2 3; do
        [ $b = 2 ] && continue 2
        echo "$a$b"
    done
    echo never
done
for x in 1 2; do
    until false; do echo "u$x"; break; done
done
k=0
until [ $k -ge 5 ]; do
    k=$((k+1))
    [ $((k % 2)) = 0 ] && continue
    echo "odd $k"
done
for i in 1 2 3; do break 5; done; echo "big break ok"
