# cd and pwd (output made independent of where TMPDIR is).
cd "$TMPDIR"
base=$(pwd)
mkdir -p a/b/c
cd a/b
echo "${PWD#$base}"
cd ..
echo "${PWD#$base}"
cd ./b/c/../..
echo "${PWD#$base}"
cd "$TMPDIR/a/b/c"
cd - >/dev/null
echo "${PWD#$base} ${OLDPWD#$base}"
cd /
pwd
cd "$base"
[ "$(pwd)" = "$base" ] && echo back
cd nonexistent 2>/dev/null; echo "cd fail $?"
HOME=$base/a
cd
echo "${PWD#$base}"
