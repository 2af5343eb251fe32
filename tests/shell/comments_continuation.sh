# Comments and line continuations.
echo a # comment
echo b#not-comment
# full line comment
echo c \
  d \
  e
ec\
ho joined
x=1\
2
echo $x
echo "in quotes \
continued"
echo 'single \
keeps'
if true; then # comment after then
  echo ok # trailing
fi
case x in # comment
  x) echo cx ;; # c
esac
