#!/usr/bin/env bash
# vaelix exec: what it does besides running a good program (tests/integration/linux_diff.sh
# compares good programs with qemu-riscv64). Its errors, its silence, stdin relay, the status
# of a killed program, and the ENOSYS log line with -v.
. "$(dirname "$0")/lib.bash"
progs=${VAELIX%/*}/guest/linux
sources=$(cd "$(dirname "$0")/../guest/linux" && pwd)
cd "$progs" || { fail "no guest programs in $progs"; finish; }

# A missing host file: 127 and one line on stderr, nothing on stdout.
"$VAELIX" exec -- ./no-such-program >"$out/o" 2>"$out/e"
expect_status $? 127 "a missing program"
expect_contains "$out/e" "vaelix exec: ./no-such-program: No such file or directory" "its message"
[ -s "$out/o" ] && fail "a missing program: stdout should be empty"

# A file that is not a riscv64 ELF: 126.
printf 'not an elf\n' >"$out/junk"
"$VAELIX" exec -- "$out/junk" >"$out/o" 2>"$out/e"
expect_status $? 126 "a file that is not an ELF"
expect_contains "$out/e" "Exec format error" "its message"

# No command at all: a usage error.
"$VAELIX" exec >"$out/o" 2>"$out/e"
expect_status $? 2 "exec without a command"

# Without -v exec prints only the program's bytes; with -v the kernel's log goes to stderr.
printf 'abc\ndef\n' | "$VAELIX" exec -- ./cat_stdin >"$out/o" 2>"$out/e"
expect_status $? 0 "cat_stdin"
printf 'abc\ndef\n' | cmp -s - "$out/o" || fail "cat_stdin: stdout is not stdin's bytes"
expect_contains "$out/e" "cat_stdin: copied 8 bytes" "cat_stdin's own stderr line"
"$VAELIX" exec -- ./hello >"$out/o" 2>"$out/e"
expect_status $? 0 "hello"
[ -s "$out/e" ] && fail "exec without -v printed on stderr: $(head -3 "$out/e")"
"$VAELIX" exec -v -- ./hello >"$out/o" 2>"$out/e"
expect_status $? 0 "hello with -v"
expect_contains "$out/e" "kernel ready: starting init 'linux-exec'" "the kernel log with -v"
expect_contains "$out/e" "boot: after init: 0 frames and 0 slab objects not returned" "no leak after a program"
grep -q "kernel ready" "$out/o" && fail "the kernel log went to stdout"

# An unknown Linux call is ENOSYS (errno_basic checks that) and logged once, with -v.
"$VAELIX" exec -v -- ./errno_basic <"$sources/errno_basic.stdin" >"$out/o" 2>"$out/e"
expect_status $? 0 "errno_basic with -v"
expect_contains "$out/e" "syscall 4000 not implemented (ENOSYS)" "the ENOSYS log line"

# A program killed by a fault: 128 + SIGSEGV, like a shell reports it.
"$VAELIX" exec -- ./segv_null >"$out/o" 2>"$out/e"
expect_status $? 139 "a null-pointer store"
finish
