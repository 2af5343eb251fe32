# Pathname expansion in a temp dir.
cd "$TMPDIR"
: > a.txt; : > b.txt; : > c.log; : > .dot; : > 'sp ace'
echo *
echo *.txt
echo ?.log
echo [ab].txt
echo [!a].txt
echo [a-b]*
echo .*
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
here=${PWD##*/}
cd ..
for f in "$here"/*.txt "$here"/?.l*; do echo "in dir: ${f#"$here"/}"; done
echo "$here"/nomatch* | grep -c nomatch
