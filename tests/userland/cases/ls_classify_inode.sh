# ls -F marks types; -i shows inode numbers
mkdir dir
touch plain exe
chmod +x exe
ln -s plain link
mkfifo fifo
$BOX ls -F
$BOX ls -i plain exe | $BOX wc -w
