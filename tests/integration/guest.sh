#!/usr/bin/env bash
# Guest programs on the native API: boot into the gtest runner (src/servers/gtest), which runs
# the libvx test programs of the boot image (tests/guest/vx) in their own tasks and jobs, on 1,
# 2 and 4 vCPUs. Every program must pass, the faults they provoke must be reported as faults
# of the task that made them, and every job must be back to zero pages, tasks and threads.
. "$(dirname "$0")/lib.bash"

for cpus in 1 2 4; do
    log=$out/guest-$cpus.log
    timeout 240 "$VAELIX" run --headless --init gtest --cpus "$cpus" --mem 64M >"$log" 2>&1
    expect_status $? 0 "gtest on $cpus vCPUs"
    expect_contains "$log" "gtest: test/vx/vxtest: passed" "vxtest on $cpus vCPUs"
    expect_contains "$log" "vxtest: 0 checks failed" "vxtest checks on $cpus vCPUs"
    expect_contains "$log" "task 'null' (koid" "the null-pointer child on $cpus vCPUs"
    expect_contains "$log" "load page fault at 0x0" "the null-pointer fault on $cpus vCPUs"
    expect_contains "$log" "task 'exec-data'" "the exec-from-data child on $cpus vCPUs"
    expect_contains "$log" "(job memory quota)" "the quota fault on $cpus vCPUs"
    expect_contains "$log" "gtest: bootfs listings: passed" "directory listings on $cpus vCPUs"
    expect_contains "$log" "gtest: 1 programs, 0 failed" "gtest summary on $cpus vCPUs"
    grep -q "FAIL" "$log" && fail "gtest on $cpus vCPUs: a check FAILED"
done
finish
