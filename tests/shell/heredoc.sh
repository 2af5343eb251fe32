# Here-documents: expansion, quoting, <<-, several on a line.
name=world
cat <<EOF2
hello $name
$(echo subst) $((1+1))
\$escaped \\ back
EOF2
cat <<'EOF2'
quoted $name $(echo no)
EOF2
cat <<"EOF2"
dquoted $name
EOF2
cat <<\EOF2
bs $name
EOF2
	cat <<-EOF2
	tabs stripped $name
		two tabs
	EOF2
cat <<A; cat <<B
first
A
second
B
cat <<EOF2 | tr a-z A-Z
piped $name
EOF2
read line <<EOF2
  first line  
EOF2
echo "[$line]"
cat <<EOF2
EOF2
echo after-empty
while read l; do echo "got $l"; done <<EOF2
1
2
EOF2
f() { cat; }
f <<EOF2
to function
EOF2
cat << EOF2
"double quotes" 'single' stay
EOF2
