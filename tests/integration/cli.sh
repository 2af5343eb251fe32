#!/usr/bin/env bash
# The vaelix command refuses bad options with a clear message and exit status 2, a boot
# that cannot start its init program fails with status 1 and says why, memory that init
# leaves behind is reported and makes the exit status 1, and so does a fault of init.
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

# The leak check after init: 'halt' leaves nothing behind; 'leak' keeps a frame and a slab
# object and returns 0, and the machine must say so (even with --quiet) and exit with 1.
timeout 60 "$VAELIX" run --headless --init halt --mem 32M >"$out/noleak.log" 2>&1
expect_status $? 0 "init 'halt' without --quiet"
expect_contains "$out/noleak.log" "boot: after init: 0 frames and 0 slab objects not returned" "no leak after 'halt'"
timeout 60 "$VAELIX" run --headless --init leak --mem 32M --quiet >"$out/leak.log" 2>&1
expect_status $? 1 "init 'leak'"
grep -qE "^boot: after init: [1-9][0-9]* frames and 1 slab objects not returned: a leak$" "$out/leak.log" ||
    fail "init 'leak': expected the leak of a frame and a slab object reported, got: $(cat "$out/leak.log")"

# Init itself is a system task: when it faults, only it is killed; the machine cleans up
# after it, says why it stops and exits with 1.
timeout 60 "$VAELIX" run --headless --init fault-write --mem 32M >"$out/initfault.log" 2>&1
expect_status $? 1 "init 'fault-write'"
expect_contains "$out/initfault.log" "task: system task 'fault-write' (koid 3) killed: store page fault at 0x" "init's fault"
expect_contains "$out/initfault.log" "boot: init 'fault-write' faulted; exit status 1" "init's fault, seen by the reaper"
expect_contains "$out/initfault.log" "boot: after init: 0 frames and 0 slab objects not returned" "no leak after init's fault"

# Started with stdin closed (as some supervisors do): the console must not end up reading
# whatever file takes descriptor 0 next (libuv asserted on it before).
timeout 60 "$VAELIX" run --headless --init halt --mem 32M --quiet >"$out/closed.log" 2>&1 0<&-
expect_status $? 0 "stdin closed"
finish
