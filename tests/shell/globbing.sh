# Pathname expansion in a temp dir.
cd "$TMPDIR"
mkdir sub sub2 .hidden
: > a.txt; : > b.txt; : > c.log; : > .dot; : > sub/x.txt; : > sub2/y.txt; : > 'sp ace'
echo *
echo *.txt
echo ?.log
echo [ab].txt
echo [!a].txt
echo [a-b]*
echo .*
echo */*.txt
echo sub*/
echo nomatch*
echo "*.txt"
echo '*'.txt
echo \*.txt
x='*.log'
echo $x
echo "$x"
for f in *; do echo "file: $f"; done
echo s*e
set -- *.txt
echo $#
echo [[:alpha:]].log
echo sub/../a.*
