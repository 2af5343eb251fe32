# Command substitution: $( ), backquotes, nesting, trailing newlines.
echo $(echo hello)
echo "$(echo 'a  b')"
echo $(echo 'a  b')
x=$(printf 'line1\nline2\n\n\n')
echo "[$x]"
echo "$(echo $(echo $(echo deep)))"
echo `echo back`
echo "`echo "inner quotes"`"
echo `echo \`echo nested back\``
y=$(echo ')' ; echo '(')
echo "$y"
z=$(case a in a) echo casepat;; esac)
echo $z
w=$( # a comment with )
echo commented)
echo $w
v=$(exit 3); echo $?
echo "$(echo "$(echo "q")")"
echo $(cat <<END
here in subst
END
)
count=$(echo a; echo b; echo c)
echo $count
echo "$(true)" "[$(false)]"
