#!/usr/bin/env bash
# deps.sh - make sure the Debian 12 packages VaelixOS builds and tests with are installed.
#
# Every make target calls this first. When everything is present it is one dpkg-query call
# and prints nothing. When something is missing it installs it (as root) or prints the exact
# apt-get line to run (as anyone else) and fails.
#
#   scripts/deps.sh            packages for build, run and test
#   scripts/deps.sh debug      ... plus gdb
#   VX_DEPS_EXTRA="pkg ..."    ... plus these (tests/integration/deps.sh uses it)
set -euo pipefail

pkgs=(build-essential cmake pkg-config libsdl2-dev libuv1-dev libsqlite3-dev libsodium-dev
      libfuse3-dev libcriterion-dev valgrind gcc-riscv64-linux-gnu qemu-user fonts-dejavu-core)
[ "${1:-}" = debug ] && pkgs+=(gdb)
# shellcheck disable=SC2206 # word splitting of the list is intended
[ -n "${VX_DEPS_EXTRA:-}" ] && pkgs+=(${VX_DEPS_EXTRA})

# One dpkg-query for all: it lists the installed ones; anything not listed is missing.
# dpkg-query exits non-zero when any package is unknown, which is exactly the case to handle.
status=$(dpkg-query -W -f='${db:Status-Status}:${Package} ' "${pkgs[@]}" 2>/dev/null || true)
installed=" $(printf '%s' "$status" | tr ' ' '\n' | sed -n 's/^installed://p' | tr '\n' ' ') "
missing=()
for p in "${pkgs[@]}"; do
    [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: run as root:  $line" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q "${missing[@]}" >&2; then
    apt-get update -q >&2
    apt-get install -y -q "${missing[@]}" >&2
fi
