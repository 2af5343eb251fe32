# mode: self
# box itself: `box APPLET`, an unknown applet (127), no applet, and the applet name in
# messages whatever path box was started by
$BOX echo hi | grep -qx hi || exit 1
$BOX nosuchapplet 2>err; [ $? = 127 ] || exit 2
grep -q 'applet not found: nosuchapplet' err || exit 3
$BOX cat nosuch 2>err; grep -q "^cat: nosuch: No such file or directory$" err || exit 4
exit 0
