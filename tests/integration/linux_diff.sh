#!/usr/bin/env bash
# The Linux personality against qemu-riscv64: every program of tests/guest/linux (built into
# <build>/guest/linux by linux.cmake) runs under `qemu-riscv64`, the oracle, and under
# `vaelix exec`, with the same arguments (NAME.args, one per line), the same stdin (NAME.stdin,
# else /dev/null), the same environment and the same argv[0]. Its stdout, stderr and exit
# status must be the same byte for byte.
#
#   LINUX_DIFF_ONLY=hello,args   run only these programs (shell patterns: thread_*,sig_*)
#   LINUX_DIFF_ORACLE_ONLY=1     check the corpus itself: run only qemu, twice, and require the
#                                status in each program's first line (/* expect-status: N */)
#                                and the same output both times (nothing time- or pid-dependent)
. "$(dirname "$0")/lib.bash"

# Fewer programs than this means a broken build or glob, not a small corpus.
MIN_PROGRAMS=20
# Each program takes a second or two; the limit only catches a hang. A runner that ignores
# SIGTERM is killed this much later.
PROGRAM_TIMEOUT_SECONDS=60
KILL_AFTER_SECONDS=10
# Lines of diff shown for a difference.
DIFF_LINES=10

source_dir=$(cd "$(dirname "$0")/../guest/linux" && pwd)
# Absolute: the programs run from their own directory, so that argv[0] is ./NAME for both.
VAELIX=$(readlink -f "$VAELIX")
program_dir=${VAELIX%/*}/guest/linux
only=${LINUX_DIFF_ONLY:-}
IFS=, read -ra only_patterns <<<"$only"
oracle_only=${LINUX_DIFF_ORACLE_ONLY:-0}
qemu=$(command -v qemu-riscv64) || { echo "linux_diff: qemu-riscv64 not found" >&2; exit 1; }

# run_one RESULT_PREFIX RUNNER... : runs ./$name under RUNNER from $program_dir, in a fixed
# environment, with the program's arguments and stdin; leaves RESULT_PREFIX.{out,err,status}.
run_one() {
    local prefix=$1
    shift
    local input=/dev/null
    [ -f "$source_dir/$name.stdin" ] && input=$source_dir/$name.stdin
    (
        cd "$program_dir" &&
            timeout -k "$KILL_AFTER_SECONDS" "$PROGRAM_TIMEOUT_SECONDS" \
                env -i LANG=C PATH=/usr/bin:/bin VXTEST=1 \
                "$@" "./$name" "${args[@]}" <"$input" >"$prefix.out" 2>"$prefix.err"
    )
    echo $? >"$prefix.status"
}

# compare NAME A B WHAT : prints the difference of files A and B; returns 1 if they differ.
compare() {
    cmp -s "$2" "$3" && return 0
    echo "FAIL $1: $4 differs"
    diff -a "$2" "$3" | head -n "$DIFF_LINES" | sed 's/^/    /'
    return 1
}

# expected_status NAME : the N of the first line's /* expect-status: N */, or nothing.
expected_status() {
    sed -n '1s|^/\* expect-status: \([0-9][0-9]*\) \*/$|\1|p' "$source_dir/$1.c"
}

check_against_vaelix() {
    run_one "$out/$name.qemu" "$qemu"
    run_one "$out/$name.vaelix" "$VAELIX" exec --
    local ok=0
    if [ "$(cat "$out/$name.vaelix.status")" = 124 ]; then
        echo "FAIL $name: timed out under vaelix exec after $PROGRAM_TIMEOUT_SECONDS s"
        ok=1
    fi
    # A program killed by a signal: qemu adds a line of its own ("qemu: uncaught target signal
    # 11 ...") that is not the program's output; vaelix exec, like a plain Linux, adds none.
    sed -i '/^qemu: uncaught target signal /d' "$out/$name.qemu.err"
    compare "$name" "$out/$name.qemu.status" "$out/$name.vaelix.status" "exit status" || ok=1
    compare "$name" "$out/$name.qemu.out" "$out/$name.vaelix.out" "stdout" || ok=1
    compare "$name" "$out/$name.qemu.err" "$out/$name.vaelix.err" "stderr" || ok=1
    return $ok
}

check_oracle() {
    local want got
    want=$(expected_status "$name")
    if [ -z "$want" ]; then
        echo "FAIL $name: first line is not /* expect-status: N */"
        return 1
    fi
    run_one "$out/$name.first" "$qemu"
    run_one "$out/$name.second" "$qemu"
    got=$(cat "$out/$name.first.status")
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit status $got under qemu, expect-status says $want"
        sed 's/^/    | /' "$out/$name.first.out" | tail -n "$DIFF_LINES"
        return 1
    fi
    local ok=0
    compare "$name" "$out/$name.first.out" "$out/$name.second.out" "stdout of two qemu runs" || ok=1
    compare "$name" "$out/$name.first.err" "$out/$name.second.err" "stderr of two qemu runs" || ok=1
    return $ok
}

selected() {
    [ -z "$only" ] && return 0
    local pattern
    for pattern in "${only_patterns[@]}"; do
        # shellcheck disable=SC2053 # a pattern on purpose
        [[ $1 == $pattern ]] && return 0
    done
    return 1
}

check=check_against_vaelix
[ "$oracle_only" = 1 ] && check=check_oracle
programs=0
failed=0
for src in "$source_dir"/*.c; do
    name=${src##*/}
    name=${name%.c}
    selected "$name" || continue
    programs=$((programs + 1))
    if [ ! -x "$program_dir/$name" ]; then
        echo "FAIL $name: not built ($program_dir/$name missing)"
        failed=$((failed + 1))
        continue
    fi
    args=()
    if [ -f "$source_dir/$name.args" ]; then
        mapfile -t args <"$source_dir/$name.args"
    fi
    if "$check"; then
        echo "ok $name"
    else
        failed=$((failed + 1))
    fi
done

if [ -n "$only" ]; then
    for wanted in "${only_patterns[@]}"; do
        if ! compgen -G "$source_dir/$wanted.c" >/dev/null; then
            echo "FAIL $wanted: no such program in $source_dir"
            failed=$((failed + 1))
        fi
    done
elif [ "$programs" -lt "$MIN_PROGRAMS" ]; then
    echo "FAIL: only $programs programs found in $source_dir, expected at least $MIN_PROGRAMS"
    failed=$((failed + 1))
fi
mode=""
[ "$oracle_only" = 1 ] && mode=" (qemu only)"
echo "linux_diff$mode: $programs programs, $failed failed"
[ "$failed" -eq 0 ]
