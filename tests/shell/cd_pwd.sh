# cd and pwd: logical paths, cd -, HOME, failures (output independent of where TMPDIR is).
cd "$TMPDIR"
base=$(pwd)
name=${base##*/}
cd ..
parent=$(pwd)
[ "$parent/$name" = "$base" ] && echo "parent ok"
cd "./$name"
echo "[${PWD#$base}]"
cd "$base/././"
echo "[${PWD#$base}]"
cd "$base/../$name"
echo "[${PWD#$base}]"
cd /
cd - >/dev/null
echo "[${PWD#$base}] [$OLDPWD]"
cd /
pwd
cd "$base"
[ "$(pwd)" = "$base" ] && echo back
cd nonexistent 2>/dev/null; echo "cd fail $?"
cd "$base/nonexistent/.." 2>/dev/null; echo "cd through missing $?"
HOME=/
cd
pwd
cd //
pwd | grep -c /
