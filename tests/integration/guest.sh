#!/usr/bin/env bash
# Guest programs on the native API: boot into the gtest runner (src/servers/gtest), which runs
# the libvx test programs of the boot image (tests/guest/vx) in their own tasks and jobs, on 1,
# 2 and 4 vCPUs. Every program must pass, the faults they provoke must be reported as faults
# of the task that made them, and every job must be back to zero pages, tasks and threads.
# Before them, builtins that fault on purpose must be killed alone (fault isolation of system
# tasks), and after the run no frame or slab object may be missing.
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
    # The vfs server over real channels: boot image loaded, files, listing, clean exit.
    expect_contains "$log" "gtest: vfs: passed" "the vfs server end to end on $cpus vCPUs"
    # System tasks that fault are killed alone, each named with its cause and address.
    expect_contains "$log" "gtest: fault isolation: passed" "fault isolation on $cpus vCPUs"
    expect_contains "$log" "task: system task 'fault-write' (koid" "the read-only store's kill line on $cpus vCPUs"
    expect_contains "$log" "task: system task 'fault-divide' (koid" "the division's kill line on $cpus vCPUs"
    expect_contains "$log" ") killed: integer division trap at 0x" "the division's cause on $cpus vCPUs"
    expect_contains "$log" "task: system task 'fault-stack' (koid" "the stack overflow's kill line on $cpus vCPUs"
    expect_contains "$log" "gtest: 1 programs, 0 failed" "gtest summary on $cpus vCPUs"
    # Every task is gone at the end, and every frame and slab object is back.
    expect_contains "$log" "boot: after init: 0 frames and 0 slab objects not returned" "no leak on $cpus vCPUs"
    grep -q "FAIL" "$log" && fail "gtest on $cpus vCPUs: a check FAILED"
done
finish
