#!/usr/bin/env bash
# bench_linux_smoke: the Linux benchmark workload (bench/linux/lbench.c, run by bench_linux for
# `make bench`) still works under `vaelix exec`: each mode with a tiny count exits 0 and prints
# one well-formed "<figure> <number>" line per sample. No timing is checked: benchmarks are
# never assertions.
. "$(dirname "$0")/lib.bash"
lbench=${VAELIX%/*}/bench-linux/lbench
[ -f "$lbench" ] || { fail "no $lbench (target bench_lbench_elf)"; finish; }

# run_mode KEY LINES ARGS... - lbench ARGS must exit 0 and print LINES lines "KEY <number>".
run_mode() {
    local key=$1 lines=$2
    shift 2
    "$VAELIX" exec -- "$lbench" "$@" >"$out/o" 2>"$out/e"
    expect_status $? 0 "lbench $*"
    [ -s "$out/e" ] && fail "lbench $*: stderr: $(head -3 "$out/e")"
    local good
    good=$(grep -cE "^$key [0-9]+(\.[0-9]+)?\$" "$out/o")
    [ "$(wc -l <"$out/o")" -eq "$lines" ] && [ "$good" -eq "$lines" ] ||
        { fail "lbench $*: expected $lines lines '$key <number>'"; sed 's/^/    | /' "$out/o" | head -10 >&2; }
}

run_mode spawn_ns 3 spawn 3 /bin/true
run_mode getppid_ns 2 getppid 2 10
run_mode pipe_mbps 2 pipe_tp 2 1
run_mode pipe_rtt_ns 2 pipe_rtt 2 10

# A program that fails makes spawn fail (the bench would otherwise time a broken exec).
"$VAELIX" exec -- "$lbench" spawn 1 /bin/false >"$out/o" 2>"$out/e"
[ $? -ne 0 ] || fail "lbench spawn of /bin/false should fail"
finish
