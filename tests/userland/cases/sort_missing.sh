# compare: stdout status
# sort: a missing file (GNU says "cannot read: nosuchfile: ..."; so does box, but the
# status is what matters here), an unknown option
$BOX sort nosuchfile
echo "status $?"
$BOX sort -Q "$DATA/fruits"
echo "status $?"
