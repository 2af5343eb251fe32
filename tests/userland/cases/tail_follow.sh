# tail -f prints what is appended to the file later
printf 'first\n' > log
$BOX tail -f log > out &
pid=$!
sleep 1
printf 'second\n' >> log
sleep 2
kill $pid
cat out
