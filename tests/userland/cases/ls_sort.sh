# ls -t (newest first), -S (largest first), -r, and together
touch -d '2020-01-01' old
touch -d '2021-01-01' mid
touch -d '2022-01-01' new
printf 'xxxxxxxx' > old
touch -d '2020-01-01' old
printf 'x' > mid
touch -d '2021-01-01' mid
$BOX ls -t
$BOX ls -tr
$BOX ls -S
$BOX ls -Sr
