#!/usr/bin/env bash
# The shell against dash: every script of tests/shell runs under the host's dash, the oracle,
# and under our sh (personality/userland/sh, built by sh.cmake into <build>/userland/sh), from
# the tests/shell directory as `SHELL NAME.sh`, in a fixed environment with TMPDIR (and HOME)
# a fresh empty directory of its own, stdin NAME.stdin if it exists (else /dev/null).
# Stdout, stderr and the exit status must be the same byte for byte.
#
# Scripts whose name starts with err_ test error paths where dash's wording is not ours to
# copy: for them only stdout and the exit status are compared (stderr must still be non-empty
# under both when dash's is).
#
#   SHELL_DIFF_RUNNER=vaelix      (the default) our sh inside VaelixOS: `vaelix exec --
#                                 /bin/sh -c SCRIPT NAME.sh`, the script's text as the command
#                                 (the guest cannot see the host's files), with
#                                 TMPDIR=HOME=/tmp/work in the guest's own fresh /tmp
#   SHELL_DIFF_RUNNER=qemu        our sh under qemu-riscv64 on the host (the shell alone)
#   SHELL_DIFF_RUNNER="CMD..."    anything else, e.g. a host build for development:
#                                 SHELL_DIFF_RUNNER=/tmp/sh-host
#   SHELL_DIFF_ONLY=quoting,case  run only these scripts
. "$(dirname "$0")/lib.bash"

# Fewer scripts than this means a broken checkout or glob, not a small corpus.
MIN_SCRIPTS=40
# Each script takes well under a second; the limit only catches a hang.
SCRIPT_TIMEOUT_SECONDS=60
KILL_AFTER_SECONDS=10
DIFF_LINES=20

source_dir=$(cd "$(dirname "$0")/../shell" && pwd)
VAELIX=$(readlink -f "$VAELIX")
build_dir=${VAELIX%/*}
only=${SHELL_DIFF_ONLY:-}
dash=$(command -v dash) || { echo "shell_diff: dash not found" >&2; exit 1; }
in_guest=false
mode=${SHELL_DIFF_RUNNER:-vaelix}
if [ "$mode" = vaelix ]; then
    in_guest=true
    runner=("$VAELIX" exec -- /bin/sh)
elif [ "$mode" != qemu ]; then
    read -ra runner <<<"$SHELL_DIFF_RUNNER"
else
    qemu=$(command -v qemu-riscv64) || { echo "shell_diff: qemu-riscv64 not found" >&2; exit 1; }
    runner=("$qemu" "$build_dir/userland/sh")
    if [ ! -x "$build_dir/userland/sh" ]; then
        echo "FAIL: $build_dir/userland/sh not built"
        exit 1
    fi
fi

# run_one RESULT_PREFIX SHELL... : runs $name.sh under SHELL; leaves RESULT_PREFIX.{out,err,status}.
run_one() {
    local prefix=$1
    shift
    local input=/dev/null tmp
    [ -f "$source_dir/$name.stdin" ] && input=$source_dir/$name.stdin
    tmp=$(mktemp -d "$out/tmp.XXXXXX")
    local script=("$name.sh") dir=$tmp
    if [ "$1" != "$dash" ] && $in_guest; then
        # The guest's own fresh /tmp, one level down as on the host (cd_pwd goes to its
        # parent); made on the script's first line, so line numbers stay the same.
        dir=/tmp/work
        script=(-c "mkdir $dir; $(cat "$source_dir/$name.sh")" "$name.sh")
    fi
    (
        cd "$source_dir" &&
            timeout -k "$KILL_AFTER_SECONDS" "$SCRIPT_TIMEOUT_SECONDS" \
                env -i LANG=C LC_ALL=C PATH=/usr/bin:/bin TMPDIR="$dir" HOME="$dir" \
                "$@" "${script[@]}" <"$input" >"$prefix.out" 2>"$prefix.err"
    )
    echo $? >"$prefix.status"
    rm -rf "$tmp"
}

# compare NAME A B WHAT : prints the difference of files A and B; returns 1 if they differ.
compare() {
    cmp -s "$2" "$3" && return 0
    echo "FAIL $1: $4 differs (--- dash, +++ sh)"
    diff -a -u "$2" "$3" | tail -n +3 | head -n "$DIFF_LINES" | sed 's/^/    /'
    return 1
}

check() {
    run_one "$out/$name.dash" "$dash"
    run_one "$out/$name.sh" "${runner[@]}"
    # qemu reports a guest killed by a signal on stderr; that line is not the shell's.
    sed -i '/^qemu: uncaught target signal /d' "$out/$name.sh.err"
    local ok=0
    if [ "$(cat "$out/$name.sh.status")" = 124 ]; then
        echo "FAIL $name: timed out after $SCRIPT_TIMEOUT_SECONDS s"
        ok=1
    fi
    compare "$name" "$out/$name.dash.status" "$out/$name.sh.status" "exit status" || ok=1
    compare "$name" "$out/$name.dash.out" "$out/$name.sh.out" "stdout" || ok=1
    case $name in
    err_*)
        if [ -s "$out/$name.dash.err" ] && [ ! -s "$out/$name.sh.err" ]; then
            echo "FAIL $name: dash wrote to stderr, sh wrote nothing"
            ok=1
        fi
        ;;
    *)
        compare "$name" "$out/$name.dash.err" "$out/$name.sh.err" "stderr" || ok=1
        ;;
    esac
    return $ok
}

selected() {
    [ -z "$only" ] && return 0
    case ",$only," in
    *",$1,"*) return 0 ;;
    esac
    return 1
}

scripts=0
failed=0
for src in "$source_dir"/*.sh; do
    name=${src##*/}
    name=${name%.sh}
    selected "$name" || continue
    scripts=$((scripts + 1))
    if check; then
        echo "ok $name"
    else
        failed=$((failed + 1))
    fi
done

if [ -n "$only" ]; then
    for wanted in ${only//,/ }; do
        if [ ! -f "$source_dir/$wanted.sh" ]; then
            echo "FAIL $wanted: no such script in $source_dir"
            failed=$((failed + 1))
        fi
    done
elif [ "$scripts" -lt "$MIN_SCRIPTS" ]; then
    echo "FAIL: only $scripts scripts found in $source_dir, expected at least $MIN_SCRIPTS"
    failed=$((failed + 1))
fi
echo "shell_diff: $scripts scripts, $failed failed"
[ "$failed" -eq 0 ]
