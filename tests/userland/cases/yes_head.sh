# yes: "y" or its arguments, forever (head stops it)
$BOX yes | $BOX head -n 3
$BOX yes a b | $BOX head -n 2
