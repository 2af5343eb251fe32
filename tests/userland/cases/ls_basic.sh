# ls: one name per line when not a terminal, byte order, -a, -A, -d, -1, files before dirs
mkdir dir sub2
touch b a .hidden dir/x dir/.y 'B' '_u'
$BOX ls
$BOX ls -a
$BOX ls -A dir
$BOX ls -d dir a
$BOX ls -1 dir sub2 a
$BOX ls dir
