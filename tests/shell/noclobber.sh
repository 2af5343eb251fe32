# set -C (noclobber) and >|.
cd "$TMPDIR"
echo one > f
set -C
(echo two > f) 2>/dev/null || echo "refused"
cat f
echo three >| f
cat f
echo app >> f
cat f
set +C
echo four > f
cat f
