# A failed redirection fails the command (status 2) but not the script.
cat < /nonexistent/input
echo "status $?"
echo x > /nonexistent/dir/file
echo "status $?"
{ echo group; } < /nonexistent/file
echo "group status $?"
echo end
