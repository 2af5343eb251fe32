# ls -R: headers and blank lines, depth first in name order
mkdir -p top/a/deep top/b
touch top/f top/a/g top/a/deep/h
$BOX ls -R top
$BOX ls -R top/b top/a
