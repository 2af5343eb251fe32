#!/usr/bin/env bash
# check-symbols.sh LIBVXCORE.a - no global symbol of the core may share a name with the host C
# library. The core is linked into one process with libc; a kernel function called, say,
# sched_yield would silently replace libc's for every host library (libuv calls it).
set -euo pipefail
lib=$1
libc=$(gcc -print-file-name=libc.so.6)
[ -f "$libc" ] || libc=$(ldd /bin/true | awk '/libc\.so/ {print $3}')
core=$(nm --defined-only -g "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDBR]/ {print $3}' | sort -u)
host=$(nm -D --defined-only "$libc" | awk '{print $3}' | sed 's/@.*//' | sort -u)
clash=$(comm -12 <(echo "$core") <(echo "$host") |
        grep -vxE 'memcpy|memmove|memset|memcmp' || true)
if [ -n "$clash" ]; then
    echo "check-symbols: core symbols that shadow libc: $clash" >&2
    exit 1
fi
echo "check-symbols: $(echo "$core" | wc -l) core symbols, none shadows libc"
