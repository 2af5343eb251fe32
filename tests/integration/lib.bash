# lib.bash - helpers for the integration tests (sourced, not run).
# VAELIX is the binary under test (set by CTest); each check prints what it expected on failure.
set -u
: "${VAELIX:?VAELIX must name the vaelix binary}"
failures=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_contains FILE TEXT DESCRIPTION
expect_contains() {
    grep -qF -- "$2" "$1" || { fail "$3: expected output to contain '$2'"; sed 's/^/    | /' "$1" | tail -40 >&2; }
}

# expect_status GOT WANT DESCRIPTION
expect_status() {
    [ "$1" -eq "$2" ] || fail "$3: expected exit status $2, got $1"
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
}
