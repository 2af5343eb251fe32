# cp: a file, into a directory, several into a directory, -p keeps mode and times, -f
printf 'data\n' > src
chmod 640 src
touch -d '2010-01-01 00:00:00' src
mkdir dir
$BOX cp src copy
$BOX cp src dir
$BOX cp src copy dir/
$BOX cp -p src kept
ls -l --time-style=+%F copy kept dir | sed 's/ [0-9]* [a-z]* [a-z]* / /'
cat copy dir/src
chmod 444 copy
$BOX cp -f src copy && cat copy
