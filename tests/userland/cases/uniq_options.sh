# uniq: adjacent duplicates, -c, -d, -u, -i, -f, -s, -w
$BOX sort "$DATA/fruits" | $BOX uniq
$BOX sort "$DATA/fruits" | $BOX uniq -c
$BOX sort "$DATA/fruits" | $BOX uniq -d
$BOX sort "$DATA/fruits" | $BOX uniq -u
$BOX sort -f "$DATA/fruits" | $BOX uniq -i -c
printf 'x a\ny a\nz b\n' | $BOX uniq -f 1
printf 'xa\nya\nzb\n' | $BOX uniq -s 1 -c
printf 'ab1\nab2\nac\n' | $BOX uniq -w 2
$BOX uniq nosuchfile
echo "status $?"
