# Error messages that match dash's word for word: "NAME: LINE: message" on stderr.
no_such_command_here
cat < /nonexistent/in
echo x > /nonexistent/dir/out
(echo ${unset_var?})
(echo ${unset_var:?custom text})
(set -u; echo $also_unset)
(echo $((1 / 0)))
(shift 3)
cd /nonexistent/dir
[ 1 -eq x ]
printf '%d\n' abc
echo "line $LINENO"
f() {
    missing_in_function
}
f
echo end
