# Less common grammar: newlines in odd places, ! in pipelines, redirections before words.
if
  true
then
  echo newline-if
fi
for i in a \
  b
do
  echo "$i"
done
case x
in
  x)
    echo newline-case
esac
>"$TMPDIR/pre" echo redirect-first
cat "$TMPDIR/pre"
! false | false
echo "bang pipeline $?"
{ echo brace; } ; ( echo paren )
f()
{
  echo newline-before-brace
}
f
echo a; echo b;
x=1; y=2 ; echo $x$y
while false
do :
done
echo "} and { as words" { }
echo if then fi
