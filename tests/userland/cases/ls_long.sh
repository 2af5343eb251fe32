# ls -l: mode, links, owner, group, size, dates (recent and old), -n, -h, links, total
mkdir d
printf '12345' > d/small
head -c 3000 /dev/zero > d/big
touch -d '2001-02-03 04:05:06' d/old
chmod 754 d/small
chmod 4755 d/old
ln -s small d/link
touch -d '2024-06-01 12:00:00' d/small d/big
touch -h -d '2024-06-01 12:00:00' d/link
$BOX ls -l d | sed "s/$(date +%Y)/YEAR/"
$BOX ls -ln d/old
$BOX ls -lh d/big
$BOX ls -ld d | cut -c1-11
