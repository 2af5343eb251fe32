#!/usr/bin/env bash
# The vaelix command refuses bad options with a clear message and exit status 2, and a boot
# that cannot start its init program fails with status 1 and says why.
. "$(dirname "$0")/lib.bash"

check_usage() { # ARGS... ; last expected text in $want
    "$VAELIX" "$@" >"$out/cli.log" 2>&1
    expect_status $? 2 "vaelix $*"
    expect_contains "$out/cli.log" "$want" "vaelix $*"
}

want="--mem"; check_usage run --mem 1M
want="--mem"; check_usage run --mem 12Q
want="--mem"; check_usage run --mem
want="--cpus"; check_usage run --cpus 0
want="--cpus"; check_usage run --cpus 9
want="--cpus"; check_usage run --cpus two
want="--frobnicate"; check_usage run --frobnicate
want="vaelix help"; check_usage bogus-command

"$VAELIX" help >"$out/help.log" 2>&1
expect_status $? 0 "vaelix help"
expect_contains "$out/help.log" "--selftest" "help lists options"

timeout 60 "$VAELIX" run --headless --init nosuch --mem 32M >"$out/init.log" 2>&1
expect_status $? 1 "unknown init program"
expect_contains "$out/init.log" "no program named 'nosuch'" "unknown init program"

timeout 60 "$VAELIX" run --headless --init halt --mem 32M --quiet >"$out/halt.log" 2>&1
expect_status $? 0 "init 'halt' powers off at once"
[ -s "$out/halt.log" ] && fail "--quiet with init 'halt' must print nothing, got: $(head -3 "$out/halt.log")"

# Started with stdin closed (as some supervisors do): the console must not end up reading
# whatever file takes descriptor 0 next (libuv asserted on it before).
timeout 60 "$VAELIX" run --headless --init halt --mem 32M --quiet >"$out/closed.log" 2>&1 0<&-
expect_status $? 0 "stdin closed"
finish
