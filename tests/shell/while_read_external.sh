# Loops fed by external commands and a long here-document.
printf '3\n1\n2\n' | sort | while read n; do echo "n=$n"; done
i=0
while [ $i -lt 200 ]; do echo "line $i"; i=$((i + 1)); done > "$TMPDIR/lines"
wc -l < "$TMPDIR/lines" | tr -d ' '
while read a b; do last=$b; done < "$TMPDIR/lines"
echo "last=$last"
big=$(cat "$TMPDIR/lines")
cat <<EOF | grep -e 'line 199' -e end
$big
end of big
EOF
grep -c 'line 1' "$TMPDIR/lines"
