# sort -k and -t: fields, character offsets, per-key options, -b, -f, -s
$BOX sort -k2n "$DATA/table"
$BOX sort -k2,2nr -k1,1 "$DATA/table"
$BOX sort -k3 "$DATA/table"
$BOX sort -b -k1,1 "$DATA/table"
$BOX sort -t: -k3n "$DATA/passwd"
$BOX sort -t: -k5,5 -k1.2,1.3 "$DATA/passwd"
$BOX sort -f "$DATA/fruits"
$BOX sort -s -k1,1f "$DATA/table"
