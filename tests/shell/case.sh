# case: patterns, alternatives, quoting, fallthrough to nothing.
for w in apple banana cherry date '*' 'a b' x.c X ''; do
    case $w in
    apple | banana) echo "$w: fruit1" ;;
    c*) echo "$w: starts with c" ;;
    ?a??) echo "$w: four letters, a second" ;;
    '*') echo "$w: literal star" ;;
    "a b") echo "$w: with space" ;;
    *.[ch]) echo "$w: c source" ;;
    [[:upper:]]) echo "$w: upper" ;;
    "") echo "empty" ;;
    *) echo "$w: other" ;;
    esac
done
case abc in (abc) echo parens;; esac
case x in y) echo no;; esac
echo "status $?"
v=hello
case $v in
    h*o)
        echo multi
        echo lines
        ;;
esac
case $v in *l*) echo last-no-dsemi
esac
p='h*'
case $v in $p) echo pattern from var;; esac
case $v in "$p") echo no;; *) echo quoted var is literal;; esac
case '[x]' in \[x\]) echo brackets;; esac
case a in [!b]) echo negated;; esac
case - in [a-]) echo dash in class;; esac
