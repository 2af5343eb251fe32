# A syntax error stops the script, after running what came before it.
echo before
if true; then echo inner
fi fi
echo not reached
