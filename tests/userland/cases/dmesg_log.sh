# mode: self
# dmesg prints the kernel log as "[seconds.micros] message" (where /dev/kmsg can be read;
# elsewhere it must fail with a message)
if [ -r /dev/kmsg ] && head -c 0 /dev/kmsg 2>/dev/null; then
    $BOX dmesg > out || exit 1
    [ -s out ] || exit 2
    head -n 5 out | grep -Evq '^\[ *[0-9]+\.[0-9]{6}\] ' && exit 3
else
    $BOX dmesg 2>err && exit 4
    grep -q '^dmesg: ' err || exit 5
fi
exit 0
