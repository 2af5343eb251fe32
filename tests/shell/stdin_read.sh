# read from the script's standard input (stdin_read.stdin), a line at a time.
read first
echo "first=[$first]"
read -r raw
echo "raw=[$raw]"
IFS=, read a b c
echo "a=$a b=$b c=$c"
count=0
while read line; do count=$((count + 1)); last=$line; done
echo "rest: $count lines, last [$last]"
