# xargs: blanks and quotes, -n, -I, -0, -r, the default echo, exit statuses
printf 'a b\nc "d e" f\\ g\n' | $BOX xargs
printf '1 2 3 4 5\n' | $BOX xargs -n 2 echo n
printf 'x\ny z\n' | $BOX xargs -I{} echo '<{}>'
printf 'p q\0r\0' | $BOX xargs -0 -n 1 echo
printf '' | $BOX xargs echo empty
printf '' | $BOX xargs -r echo empty
echo a | $BOX xargs false; echo "status $?"
echo a | $BOX xargs nosuchcommand_x; echo "status $?"
