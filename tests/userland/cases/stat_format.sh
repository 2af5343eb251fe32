# stat -c and --printf: common sequences
printf 'hello' > f
chmod 640 f
touch -d '2015-03-04 05:06:07' f
mkdir d
ln -s f l
$BOX stat -c '%n %s %a %A %F %h %U %G %u %g' f d l
$BOX stat -c '%y %Y' f
$BOX stat -c '%N' l f
$BOX stat -L -c '%F' l
$BOX stat --printf '%n:%s\n' f d
$BOX stat -c '[%-6s|%6s]' f
$BOX stat nosuch; echo "status $?"
