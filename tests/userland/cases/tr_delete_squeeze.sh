# tr -d, -s, -ds, -cd
$BOX tr -d 'aeiou' < "$DATA/text"
$BOX tr -s 'ap' < "$DATA/fruits"
$BOX tr -s ' ' < "$DATA/text"
$BOX tr -ds 'e' 'p' < "$DATA/fruits"
$BOX tr -cd '[:digit:]\n' < "$DATA/text"
