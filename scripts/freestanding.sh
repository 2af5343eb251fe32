#!/usr/bin/env bash
# freestanding.sh - prove that the core includes nothing of the host (DESIGN.md, dependency rule).
#
# Compiles every C file of src/, personality/linux, personality/libvx and ui/ with the riscv64 cross compiler,
# -ffreestanding -nostdinc, and an include directory holding only the six headers the rule
# allows. Any other host header is a compile error. Exits non-zero on the first failure list.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cc=${FREESTANDING_CC:-riscv64-linux-gnu-gcc}
out=${1:-$top/build/freestanding}
command -v "$cc" >/dev/null || { echo "freestanding: $cc not found (scripts/deps.sh)" >&2; exit 1; }

inc=$out/include
rm -rf "$inc" && mkdir -p "$inc"
gccinc=$("$cc" -print-file-name=include)
for h in stdint.h stddef.h stdbool.h stdarg.h stdatomic.h limits.h; do
    [ -f "$gccinc/$h" ] || { echo "freestanding: $gccinc/$h missing" >&2; exit 1; }
    ln -s "$gccinc/$h" "$inc/$h"
done
# GCC's stdint.h defers to stdint-gcc.h when freestanding.
ln -s "$gccinc/stdint-gcc.h" "$inc/stdint-gcc.h"

cd "$top"
mapfile -t files < <(find src personality/linux personality/libvx ui -name '*.c' 2>/dev/null | sort)
flags=(-std=c11 -ffreestanding -nostdinc -isystem "$inc" -Isrc/include -Isrc -I. -Ihostio/include
       -Ipersonality/libvx/include
       -Wall -Wextra -Wno-unused-parameter -Werror -O2 -c -o /dev/null)
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c \
    '"$0" "$@" {} || { echo "freestanding: FAILED {}" >&2; exit 255; }' "$cc" "${flags[@]}"
echo "freestanding: ${#files[@]} files compile with -ffreestanding -nostdinc ($cc)"
