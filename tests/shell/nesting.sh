# Nested command substitutions, quotes inside substitutions, arithmetic inside.
a=$(echo "$(echo "$(echo a)b")c")
echo $a
echo "$(echo "x y" | tr ' ' '_')"
echo $(( $(echo 3) + $(echo 4) ))
b="$(for i in 1 2; do echo "n$i"; done)"
echo "$b"
c=$(echo $(echo '$(not expanded)'))
echo "$c"
echo "${x:-$(echo default-from-subst)}"
d=$(echo "}" )
echo "$d"
e=$(echo 'it''s')
echo $e
echo "$(echo "\"quoted\"")"
echo `echo "a \`echo b\` c"`
echo $(echo $(( 2 * $(echo 5) )))
echo "${y:=$(echo assigned)}" $y
