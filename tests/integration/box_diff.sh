#!/usr/bin/env bash
# box against GNU: every case of tests/userland/cases (NAME.sh, a small sh script that calls
# applets as `$BOX applet ...`) runs twice, once with the host's GNU tools (BOX=env, so the
# name resolves on PATH and never to a shell builtin) and once with box (BOX set to the runner
# prefix, default `qemu-riscv64 <build>/userland/box`), and the two runs must give the same
# stdout, stderr and exit status byte for byte. See docs/userland.md.
#
# A case's header comments (lines starting with "# ") may say:
#   # compare: stdout status   compare only these (GNU words this message differently, or it
#                              is host-specific); the default is stdout stderr status
#   # mode: self               run only with box: the case checks properties of our own
#                              output itself and must exit 0 (ps, top, free, df, ...)
# Each run gets a fresh empty directory $TMP (also the working directory, at the same path for
# both runs) and $DATA (tests/userland/data, read-only by convention), under
# `env -i PATH=/usr/bin:/bin LC_ALL=C TZ=UTC`, umask 022, stdin /dev/null.
#
#   BOX_DIFF_ONLY=ls_long,grep_bre   run only these cases
#   BOX_DIFF_RUNNER="vaelix exec -- /bin/box"   run box some other way (the default runs
#                                    qemu-riscv64 on BOX_DIFF_BIN)
#   BOX_DIFF_BIN=path                the box binary (default <dir of $VAELIX>/userland/box)
. "$(dirname "$0")/lib.bash"

# Fewer cases than this means a broken glob, not a small suite.
MIN_CASES=60
# A case runs in well under a second; the limit only catches a hang (yes, tail -f, top).
CASE_TIMEOUT_SECONDS=30
KILL_AFTER_SECONDS=5
DIFF_LINES=10

suite_dir=$(cd "$(dirname "$0")/../userland" && pwd)
box_source=$(cd "$(dirname "$0")/../../personality/userland/box" && pwd)
VAELIX=$(readlink -f "$VAELIX")
box_bin=${BOX_DIFF_BIN:-${VAELIX%/*}/userland/box}
only=${BOX_DIFF_ONLY:-}
if [ -n "${BOX_DIFF_RUNNER:-}" ]; then
    runner=$BOX_DIFF_RUNNER
else
    qemu=$(command -v qemu-riscv64) || { echo "box_diff: qemu-riscv64 not found" >&2; exit 1; }
    [ -x "$box_bin" ] || { echo "box_diff: $box_bin not built (target userland_box)" >&2; exit 1; }
    runner="$qemu $(readlink -f "$box_bin")"
fi

# header_value CASE KEY : the value of "# KEY: value" in the case's leading comments.
header_value() {
    sed -n "/^[^#]/q; s/^# $2: *//p" "$1"
}

# run_case CASE PREFIX BOX : runs the case with BOX in a fresh $out/work; leaves
# PREFIX.{out,err,status}.
run_case() {
    local case_file=$1 prefix=$2 box=$3
    rm -rf "$out/work"
    mkdir "$out/work"
    (
        cd "$out/work" && umask 022 &&
            timeout -k "$KILL_AFTER_SECONDS" "$CASE_TIMEOUT_SECONDS" \
                env -i PATH=/usr/bin:/bin LC_ALL=C TZ=UTC HOME=/ \
                BOX="$box" DATA="$suite_dir/data" TMP="$out/work" \
                sh "$case_file" </dev/null >"$prefix.out" 2>"$prefix.err"
    )
    echo $? >"$prefix.status"
}

compare() {
    cmp -s "$2" "$3" && return 0
    echo "FAIL $1: $4 differs (< GNU, > box)"
    diff -a "$2" "$3" | head -n "$DIFF_LINES" | sed 's/^/    /'
    return 1
}

check_case() {
    local case_file=$1 name=$2
    local what mode ok=0
    mode=$(header_value "$case_file" mode)
    what=$(header_value "$case_file" compare)
    [ -n "$what" ] || what="stdout stderr status"
    run_case "$case_file" "$out/$name.box" "$runner"
    if [ "$mode" = self ]; then
        if [ "$(cat "$out/$name.box.status")" != 0 ]; then
            echo "FAIL $name: property check exited $(cat "$out/$name.box.status")"
            sed 's/^/    | /' "$out/$name.box.out" "$out/$name.box.err" | tail -n "$DIFF_LINES"
            return 1
        fi
        return 0
    fi
    run_case "$case_file" "$out/$name.gnu" env
    for part in $what; do
        case $part in
        stdout) compare "$name" "$out/$name.gnu.out" "$out/$name.box.out" stdout || ok=1 ;;
        stderr) compare "$name" "$out/$name.gnu.err" "$out/$name.box.err" stderr || ok=1 ;;
        status) compare "$name" "$out/$name.gnu.status" "$out/$name.box.status" "exit status" || ok=1 ;;
        *) echo "FAIL $name: unknown compare item '$part'"; ok=1 ;;
        esac
    done
    return $ok
}

selected() {
    [ -z "$only" ] && return 0
    case ",$only," in
    *",$1,"*) return 0 ;;
    esac
    return 1
}

failed=0
cases=0

# The applet list of the binary is the table of box.c (box.cmake reads the same lines).
table=$(sed -n 's/^ *APPLET("\([^"]*\)", [a-z_]*)$/\1/p' "$box_source/box.c")
listed=$($runner --list 2>&1)
if [ "$listed" != "$table" ]; then
    echo "FAIL box --list differs from the APPLET table of box.c"
    diff <(echo "$table") <(echo "$listed") | head -n "$DIFF_LINES" | sed 's/^/    /'
    failed=$((failed + 1))
fi

for case_file in "$suite_dir"/cases/*.sh; do
    name=${case_file##*/}
    name=${name%.sh}
    selected "$name" || continue
    cases=$((cases + 1))
    if check_case "$case_file" "$name"; then
        echo "ok $name"
    else
        failed=$((failed + 1))
    fi
done

if [ -z "$only" ]; then
    if [ "$cases" -lt "$MIN_CASES" ]; then
        echo "FAIL: only $cases cases in $suite_dir/cases, expected at least $MIN_CASES"
        failed=$((failed + 1))
    fi
    # Every applet is exercised by some case ("$BOX NAME" then a blank, ';' or the line's end).
    for applet in $table; do
        pattern=$(printf '%s' "$applet" | sed 's/[][\.*^$]/\\&/g')
        if ! grep -qE -- "\\\$BOX $pattern([ ;]|\$)" "$suite_dir"/cases/*.sh; then
            echo "FAIL: no case runs applet '$applet' (\$BOX $applet ...)"
            failed=$((failed + 1))
        fi
    done
fi
echo "box_diff: $cases cases, $failed failed"
[ "$failed" -eq 0 ]
