# sort -n: signs, decimals, leading zeros, text as zero; -rn; -nu
$BOX sort -n "$DATA/nums"
$BOX sort -rn "$DATA/nums"
printf '3\n03\n3.0\n-0\n0\n' | $BOX sort -nu
