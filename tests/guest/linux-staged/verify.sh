#!/usr/bin/env bash
# tests/guest/linux-staged/verify.sh - checks the staged programs against qemu-riscv64 alone.
#
#   bash tests/guest/linux-staged/verify.sh [NAME...]
#
# Builds every staged program (or the NAMEs given) with the corpus's flags plus -lpthread,
# runs it three times under qemu-riscv64 the way tests/integration/linux_diff.sh does (from
# the build directory, argv[0] ./NAME, `env -i LANG=C PATH=/usr/bin:/bin VXTEST=1`, NAME.args
# and NAME.stdin), and requires the three runs to print the same stdout and stderr and to exit
# with the status of the first line (/* expect-status: N */).
#
# Programs that execve() a riscv64 ELF (a source line `staged: needs-exec`) need the host to
# run riscv64 ELFs, which plain qemu-user cannot: its execve is the host kernel's. When
# `unshare` can make a user namespace (Linux 6.7 or later has binfmt_misc per namespace), the
# script re-runs itself inside one and registers qemu-riscv64 there, touching nothing outside;
# otherwise those programs are skipped and reported as such.
#
#   VERIFY_SHOW=1   print each passing program's stdout (|) and stderr (!)
#   VERIFY_KEEP=1   keep the build and output directory (printed at the end)
set -u

dir=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-riscv64-linux-gnu-gcc}
RUNS=3
TIMEOUT_SECONDS=20
# Longer than this under qemu earns a warning (the budget is about a second a program).
SLOW_SECONDS=2

register_binfmt() {
    # Literal \xHH text: binfmt_misc decodes the escapes itself (a printf-decoded \x00 would
    # cut the magic short and match every ELF, the host's own tools included).
    local m='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00'
    local k='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null &&
        printf '%s' ":qemu-riscv64:M::$m:$k:$(command -v qemu-riscv64):F" \
            >/proc/sys/fs/binfmt_misc/register 2>/dev/null
}

if [ -z "${VERIFY_IN_NS:-}" ]; then
    if unshare --user --map-root-user --mount true 2>/dev/null; then
        VERIFY_IN_NS=1 exec unshare --user --map-root-user --mount bash "$0" "$@"
    fi
    VERIFY_IN_NS=0
fi
can_exec=0
if [ "$VERIFY_IN_NS" = 1 ] && register_binfmt; then
    can_exec=1
fi

qemu=$(command -v qemu-riscv64) || { echo "verify: qemu-riscv64 not found" >&2; exit 1; }
out=$(mktemp -d /tmp/vx-staged.XXXXXX)

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for src in "$dir"/*.c; do
        n=${src##*/}
        names+=("${n%.c}")
    done
fi

failed=0
skipped=0
passed=0
for name in "${names[@]}"; do
    src=$dir/$name.c
    if [ ! -f "$src" ]; then
        echo "FAIL $name: no $src"
        failed=$((failed + 1))
        continue
    fi
    want=$(sed -n '1s|^/\* expect-status: \([0-9][0-9]*\) \*/$|\1|p' "$src")
    if [ -z "$want" ]; then
        echo "FAIL $name: first line is not /* expect-status: N */"
        failed=$((failed + 1))
        continue
    fi
    if grep -q 'staged: needs-exec' "$src" && [ "$can_exec" != 1 ]; then
        echo "skip $name: needs execve of riscv64 ELFs (no binfmt_misc in a user namespace)"
        skipped=$((skipped + 1))
        continue
    fi
    if ! "$CC" -static -O2 -Wall -Werror -D_GNU_SOURCE -o "$out/$name" "$src" -lm -lpthread \
        2>"$out/$name.cc"; then
        echo "FAIL $name: does not build"
        sed 's/^/    /' "$out/$name.cc" | head -n 20
        failed=$((failed + 1))
        continue
    fi
    args=()
    [ -f "$dir/$name.args" ] && mapfile -t args <"$dir/$name.args"
    input=/dev/null
    [ -f "$dir/$name.stdin" ] && input=$dir/$name.stdin
    ok=1
    for run in $(seq 1 $RUNS); do
        start=$(date +%s.%N)
        (
            # Only 0, 1 and 2, as under vaelix exec: close what this shell was handed.
            for f in /proc/$BASHPID/fd/*; do
                n=${f##*/}
                [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"
            done
            cd "$out" &&
                timeout -k 5 "$TIMEOUT_SECONDS" env -i LANG=C PATH=/usr/bin:/bin VXTEST=1 \
                    "$qemu" "./$name" "${args[@]}" <"$input" >"$name.$run.out" 2>"$name.$run.err"
        ) 2>/dev/null # the shell's own "Aborted" line for a program killed by a signal
        echo $? >"$out/$name.$run.status"
        end=$(date +%s.%N)
        sed -i '/^qemu: uncaught target signal /d' "$out/$name.$run.err"
        if awk -v s="$start" -v e="$end" -v l="$SLOW_SECONDS" 'BEGIN { exit !(e - s > l) }'; then
            echo "warn $name: run $run took more than $SLOW_SECONDS s"
        fi
        got=$(cat "$out/$name.$run.status")
        if [ "$got" != "$want" ]; then
            echo "FAIL $name: run $run exited $got, expect-status says $want"
            tail -n 15 "$out/$name.$run.out" | sed 's/^/    | /'
            tail -n 5 "$out/$name.$run.err" | sed 's/^/    ! /'
            ok=0
            break
        fi
        if [ "$run" -gt 1 ]; then
            for s in out err; do
                if ! cmp -s "$out/$name.1.$s" "$out/$name.$run.$s"; then
                    echo "FAIL $name: std$s of run $run differs from run 1"
                    diff -a "$out/$name.1.$s" "$out/$name.$run.$s" | head -n 10 | sed 's/^/    /'
                    ok=0
                fi
            done
        fi
        [ "$ok" = 1 ] || break
    done
    if [ "$ok" = 1 ]; then
        echo "ok $name"
        if [ "${VERIFY_SHOW:-0}" = 1 ]; then
            sed 's/^/    | /' "$out/$name.1.out"
            sed 's/^/    ! /' "$out/$name.1.err"
        fi
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "verify: ${#names[@]} programs, $passed ok, $failed failed, $skipped skipped"
if [ "${VERIFY_KEEP:-0}" = 1 ]; then
    echo "verify: output kept in $out"
else
    rm -rf "$out"
fi
[ "$failed" -eq 0 ]
