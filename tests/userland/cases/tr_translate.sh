# tr: ranges, classes, padding of the second set, escapes, [c*]
$BOX tr a-z A-Z < "$DATA/text"
$BOX tr '[:lower:]' '[:upper:]' < "$DATA/fruits"
$BOX tr 'abc' 'x' < "$DATA/text"
$BOX tr ' \t' '_\n' < "$DATA/text"
$BOX tr 'a-e' '[x*]' < "$DATA/fruits"
$BOX tr -c 'a-z\n' '.' < "$DATA/text"
