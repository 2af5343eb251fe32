#!/usr/bin/env bash
# scripts/deps.sh, which every make target runs first: a no-op when all is installed, and for a
# user who is not root a failure that prints the exact apt-get line (once it exited silently
# because dpkg-query fails for packages that are not installed).
. "$(dirname "$0")/lib.bash"
deps=$(cd "$(dirname "$0")/../.." && pwd)/scripts/deps.sh

"$deps" >"$out/present.log" 2>&1
expect_status $? 0 "all packages present"
[ -s "$out/present.log" ] && fail "all packages present: expected no output, got: $(head -2 "$out/present.log")"

missing=vaelix-no-such-package
if [ "$(id -u)" -eq 0 ]; then
    # As root the script would try to install; check the non-root path as 'nobody', on a
    # copy it can read wherever the checkout lives.
    pub=$(mktemp -d)
    cp "$deps" "$pub/deps.sh"
    chmod 755 "$pub" "$pub/deps.sh"
    su -s /bin/bash nobody -c "VX_DEPS_EXTRA=$missing $pub/deps.sh" >"$out/missing.log" 2>&1
    status=$?
    rm -rf "$pub"
    (exit $status)
else
    VX_DEPS_EXTRA=$missing "$deps" >"$out/missing.log" 2>&1
fi
expect_status $? 1 "a missing package without root"
expect_contains "$out/missing.log" "deps: missing Debian packages: $missing" "names what is missing"
expect_contains "$out/missing.log" "apt-get install -y $missing" "prints the exact apt-get line"
finish
