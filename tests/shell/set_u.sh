# set -u: unset parameters are errors, but ${x-} and $@ are not.
set -u
x=1
echo "$x ${y-default} ${y:-d2}"
echo "at: $@ $#"
echo "${y+alt}[end]"
(echo "$undefined_var"; echo "not printed") 2>/dev/null
echo "subshell status $?"
set +u
echo "now [$undefined_var]"
