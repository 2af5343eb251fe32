#!/usr/bin/env bash
# vinit (src/servers/vinit): boot into it with the test manifests of tests/vinit/services
# (packed at test/vinit/services) on 1 and 2 vCPUs, and check by its log lines that it
# reports the bad manifest with file and line and skips it and its dependant; starts the
# rest in dependency order; lets the probe client look echo and logd up by name (echo
# answers, an unknown name is refused); restarts the crasher after 20, 40, 80 ms; restarts
# the native crasher (a builtin whose fault the kernel catches and names) the same way; leaves
# the restart = never service stopped; and powers off with status 0 when the client is done
# (exit-with=client) with no memory leaked. Also boots the shipped data/services until
# isa-smoke is done.
. "$(dirname "$0")/lib.bash"

# expect_before FILE FIRST SECOND DESCRIPTION: FIRST's first line comes before SECOND's.
expect_before() {
    local a b
    a=$(grep -nF -- "$2" "$1" | head -1 | cut -d: -f1)
    b=$(grep -nF -- "$3" "$1" | head -1 | cut -d: -f1)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] ||
        fail "$4: expected '$2' (line ${a:-none}) before '$3' (line ${b:-none})"
}

# expect_absent FILE TEXT DESCRIPTION
expect_absent() {
    grep -qF -- "$2" "$1" && fail "$3: did not expect '$2'"
}

args="services=test/vinit/services exit-with=client"
for cpus in 1 2; do
    log=$out/vinit-$cpus.log
    timeout 120 "$VAELIX" run --headless --init vinit --init-arg "$args" --cpus "$cpus" \
        --mem 64M >"$log" 2>&1
    expect_status $? 0 "vinit on $cpus vCPUs"
    what="on $cpus vCPUs"
    # Bad manifests: reported with file, line and reason; the rest goes on.
    expect_contains "$log" "vinit: test/vinit/services/bad.svc: line 5: restart 'sometimes' is not never, on-failure or always; skipped" "bad manifest $what"
    expect_contains "$log" "vinit: test/vinit/services/needs-bad.svc: service 'needs-bad' depends on 'bad', which has no usable manifest; skipped" "dependant of the bad manifest $what"
    expect_contains "$log" "vinit: 6 services from test/vinit/services" "service count $what"
    expect_absent "$log" "started needs-bad" "skipped service $what"
    # Dependency order: logd, then echo (needs logd), then client (needs echo and logd).
    expect_before "$log" "vinit: started logd (builtin:logd)" "vinit: started echo (builtin:echo)" "logd before echo $what"
    expect_before "$log" "vinit: started echo (builtin:echo)" "vinit: started client (/test/vinit/probe)" "echo before client $what"
    # The registry.
    expect_contains "$log" "vinit: client looks up 'echo': connected" "lookup of echo $what"
    expect_contains "$log" "client: echo answered 5 of 5 calls" "echo's answers $what"
    expect_contains "$log" "vinit: client looks up 'nosuch': no such service" "unknown name $what"
    expect_contains "$log" "client: lookup of 'nosuch' refused with VX_ENOENT" "unknown name at the client $what"
    expect_contains "$log" "logd: [client] hello from the probe" "a line through logd $what"
    # Supervision: the crasher is restarted with growing delays, each start and fault logged.
    expect_contains "$log" "task 'crasher' (koid" "the crasher's fault $what"
    expect_contains "$log" "vinit: crasher faulted (cause 13 at pc" "the crasher's fault, seen by vinit, $what"
    for d in 20 40 80; do
        expect_contains "$log" "vinit: restarting crasher in $d ms (restart = on-failure)" "restart delay $d ms $what"
        expect_contains "$log" "vinit: restarting crasher now (after $d ms)" "restart after $d ms $what"
    done
    expect_contains "$log" "vinit: started crasher (/test/vinit/probe), task koid" "crasher start $what"
    grep -qE "vinit: started crasher .*, run 4$" "$log" || fail "crasher restarted at least 3 times $what"
    # A system task that faults: the kernel kills that task only and says which one it was
    # (the koid vinit started it as), where and at which pc; vinit sees the same fault and
    # restarts the service with growing delays while everything else runs on.
    koid=$(grep -m1 -E "vinit: started native-crasher \(builtin:fault-write\), task koid [0-9]+, run 1$" "$log" |
        sed -E 's/.*task koid ([0-9]+), run 1$/\1/')
    if [ -z "$koid" ]; then
        fail "native-crasher's first start $what"
    else
        kill_line=$(grep -m1 -F "task: system task 'fault-write' (koid $koid) killed: store page fault at 0x" "$log")
        if [ -z "$kill_line" ]; then
            fail "the kernel's report of native-crasher's fault (task koid $koid) $what"
        else
            addr=$(sed -E 's/.* at (0x[0-9a-f]+), pc (0x[0-9a-f]+).*/\1/' <<<"$kill_line")
            pc=$(sed -E 's/.* at (0x[0-9a-f]+), pc (0x[0-9a-f]+).*/\2/' <<<"$kill_line")
            expect_contains "$log" "vinit: native-crasher faulted (cause 15 at pc $pc, address $addr)" "native-crasher's fault, seen by vinit, $what"
        fi
    fi
    for d in 20 40 80; do
        expect_contains "$log" "vinit: restarting native-crasher in $d ms (restart = on-failure)" "native-crasher's restart delay $d ms $what"
    done
    grep -qE "vinit: started native-crasher .*, run 4$" "$log" || fail "native-crasher restarted at least 3 times $what"
    # restart = never: logged and left alone.
    expect_contains "$log" "vinit: oneshot exited with code 3" "oneshot's exit $what"
    expect_contains "$log" "vinit: oneshot stays stopped (restart = never)" "oneshot not restarted $what"
    grep -qE "vinit: started oneshot .*, run 2$" "$log" && fail "oneshot was restarted $what"
    # The end: the client's status, every service stopped.
    expect_contains "$log" "client: 0 checks failed" "client checks $what"
    expect_contains "$log" "vinit: client is done: stopping every service, exit status 0" "the end $what"
    expect_contains "$log" "vinit: every service stopped" "services stopped $what"
    expect_absent "$log" "did not stop" "a service that did not stop $what"
    expect_contains "$log" "boot: after init: 0 frames and 0 slab objects not returned" "no leak $what"
    grep -q "FAIL" "$log" && fail "a check FAILED $what"
done

# The shipped manifests: logd and echo start, isa-smoke (a Linux-ABI program, no personality
# yet) ends and is not restarted; exit-with hands its status (1) back.
log=$out/vinit-data.log
timeout 60 "$VAELIX" run --headless --init vinit --init-arg exit-with=isa-smoke --cpus 2 \
    --mem 64M >"$log" 2>&1
expect_status $? 1 "vinit with data/services"
expect_contains "$log" "vinit: 3 services from data/services" "shipped manifests"
expect_before "$log" "vinit: started logd" "vinit: started echo" "shipped order"
expect_contains "$log" "vinit: isa-smoke stays stopped (restart = never)" "isa-smoke"
expect_contains "$log" "vinit: every service stopped" "shipped services stopped"

# Options: an unknown one is refused.
log=$out/vinit-opt.log
timeout 60 "$VAELIX" run --headless --init vinit --init-arg "frobnicate" --mem 32M >"$log" 2>&1
expect_status $? 1 "vinit with an unknown option"
expect_contains "$log" "vinit: unknown option 'frobnicate'" "unknown option"
finish
