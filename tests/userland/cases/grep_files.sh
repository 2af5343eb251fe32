# grep -l, -L, -q, -s, -r and the exit statuses
mkdir -p d/sub
printf 'needle\n' > d/one
printf 'hay\n' > d/two
printf 'needle too\n' > d/sub/three
$BOX grep -l needle d/one d/two d/sub/three
$BOX grep -L needle d/one d/two d/sub/three
$BOX grep -q needle d/one; echo "q $?"
$BOX grep -q nothing d/one; echo "q $?"
$BOX grep -r needle d | $BOX sort
cd d && $BOX grep -r needle | $BOX sort
