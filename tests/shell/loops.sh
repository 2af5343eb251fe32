# for, while, until, break and continue.
for i in 1 2 3; do echo "for $i"; done
for i
do echo never; done
set -- p1 p2
for i; do echo "pos $i"; done
n=0
while [ $n -lt 3 ]; do n=$((n + 1)); echo "while $n"; done
until [ $n -eq 0 ]; do n=$((n - 1)); echo "until $n"; done
for i in 1 2 3 4 5; do
    [ $i = 2 ] && continue
    [ $i = 4 ] && break
    echo "bc $i"
done
for i in a b; do
    for j in 1 2 3; do
        [ $j = 2 ] && continue 2
        echo "$i$j"
    done
done
for i in a b; do
    for j in 1 2; do
        echo "$i$j"
        break 2
    done
done
echo "after break 2"
i=0
while true; do
    i=$((i + 1))
    if [ $i -ge 3 ]; then break; fi
done
echo "i=$i"
for x in; do echo never; done
echo "empty for status $?"
while false; do :; done
echo "while status $?"
for w in $(echo a b c); do printf '%s-' "$w"; done
echo
