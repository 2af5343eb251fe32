#!/usr/bin/env bash
# bench.sh BUILD-DIR [GROUP] - run the benchmarks (all, or one group: boot, alloc, ctxsw, rtwake,
# cpu, syscall, ipc, spawn, pipe; ipc also gives ctxsw.guest, boot also boot.shell, syscall also
# syscall.linux).
# Figures are printed as JSON lines and appended to build/bench/results.jsonl.
set -euo pipefail
build=$1
group=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/build/bench"
export VX_BENCH_OUT=$top/build/bench/results.jsonl

groups=(boot alloc ctxsw rtwake cpu syscall ipc spawn pipe)
if [ -n "$group" ]; then
    [[ " ${groups[*]} " == *" $group "* ]] || { echo "bench: no group '$group' (have: ${groups[*]})" >&2; exit 2; }
    groups=("$group")
fi
for g in "${groups[@]}"; do
    case $g in
    boot)
        "$build/bench_boot" "$build/vaelix"
        "$build/bench_linux" "$build/vaelix" shell ;;
    alloc | ctxsw | rtwake) "$build/bench_core" "$g" ;;
    cpu) "$build/bench_cpu" ;;
    syscall)
        "$build/bench_ipc" "$build/initrd.cpio" syscall
        "$build/bench_linux" "$build/vaelix" syscall ;;
    ipc)
        for m in same cross native ctxsw; do "$build/bench_ipc" "$build/initrd.cpio" $m; done ;;
    spawn | pipe) "$build/bench_linux" "$build/vaelix" "$g" ;;
    esac
done
