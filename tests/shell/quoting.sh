# Quoting: single, double, backslash, and mixtures.
echo 'single $HOME `x` \n'
echo "double \$ \` \" \\ \n"
echo back\ slash\$x \'q\'
x=value
echo "a${x}b" 'a${x}b' a"$x"b
echo "nested 'single' inside"
echo 'nested "double" inside'
echo "" '' x
set -- "" ''
echo $#
echo "line1
line2"
echo a\
b
echo "tab	here"
echo \\\\
printf '%s\n' "$x"'$x'\$x
