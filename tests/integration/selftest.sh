#!/usr/bin/env bash
# Boot headless with the in-kernel self-tests on 1, 2 and 4 vCPUs (4 is more vCPUs than these
# machines have cores, which makes preemption by the host happen inside the kernel's critical
# paths). Each run must pass every self-test and log every boot stage in order.
. "$(dirname "$0")/lib.bash"

for cpus in 1 2 4; do
    log=$out/selftest-$cpus.log
    timeout 240 "$VAELIX" run --headless --selftest --cpus "$cpus" --mem 64M >"$log" 2>&1
    expect_status $? 0 "selftest on $cpus vCPUs"
    expect_contains "$log" "selftest: running on $cpus vCPUs" "selftest on $cpus vCPUs"
    expect_contains "$log" " failed" "selftest summary on $cpus vCPUs"
    grep -q "selftest: [0-9]* passed, 0 failed" "$log" ||
        fail "selftest on $cpus vCPUs: expected '0 failed' in the summary"
    grep -q "FAILED" "$log" && fail "selftest on $cpus vCPUs: a test FAILED"
    # The boot stages, in this order.
    stages=$(grep -o '] [a-zA-Z ]*:' "$log" | sed 's/^] //; s/:$//' | tr '\n' ',')
    want="hostio,physical memory,frame allocator,slab,initrd,scheduler,timers,console,vCPUs,kernel ready,"
    [ "$stages" = "$want" ] || fail "boot stages on $cpus vCPUs: expected '$want', got '$stages'"
done
finish
