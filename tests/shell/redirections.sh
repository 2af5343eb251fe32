# Redirections to files in $TMPDIR: > >> < <> >& <& n> and closing.
cd "$TMPDIR" || exit 1
echo first > out.txt
echo second >> out.txt
cat < out.txt
cat out.txt > copy.txt; cat copy.txt
echo to-stderr >&2 2>/dev/null
echo err 2> err.txt >&2
cat err.txt
{ echo o; echo e >&2; } > both.txt 2>&1
cat both.txt
{ echo o2; echo e2 >&2; } 2>&1 > only-out.txt | cat
cat only-out.txt
exec 3> fd3.txt
echo via-fd3 >&3
exec 3>&-
cat fd3.txt
exec 4< out.txt
read l1 <&4
read l2 <&4
exec 4<&-
echo "$l1/$l2"
echo rw > rw.txt
exec 5<> rw.txt
read r <&5
echo "rw: $r"
exec 5>&-
> empty.txt
wc -c < empty.txt | tr -d ' '
echo a 1>one.txt; cat one.txt
f() { echo in-func; }
f > func.txt; cat func.txt
for i in 1 2; do echo "loop $i"; done > loop.txt; cat loop.txt
while read x; do echo "r $x"; done < loop.txt
if true; then echo if-red; fi > if.txt; cat if.txt
echo "$(cat < out.txt)"
cat <<EOF >heredoc-out.txt
from heredoc
EOF
cat heredoc-out.txt
echo 2>&1 ok
x=$(echo to-null >/dev/null; echo kept)
echo $x
