# tee copies stdin to stdout and files; -a appends
printf 'one\n' | $BOX tee a b
printf 'two\n' | $BOX tee -a a > /dev/null
cat a b
printf 'x\n' | $BOX tee nodir/file
echo "status $?"
