#!/usr/bin/env bash
# Drive the kernel monitor through a pipe (plain console) and through a pseudo-terminal (raw
# mode, where the kernel edits lines itself): every command answers, `halt N` exits with N,
# and the end of input halts the machine cleanly.
. "$(dirname "$0")/lib.bash"

log=$out/pipe.log
printf 'help\nmem\nthreads\ncpus\nuptime\nfrobnicate\nhalt 7\n' |
    timeout 60 "$VAELIX" run --headless --cpus 2 --mem 32M >"$log" 2>&1
expect_status $? 7 "halt 7 through a pipe"
expect_contains "$log" "uptime   time since the host process started" "help lists commands"
expect_contains "$log" "physical memory: 32 MiB in 8192 frames of 4 KiB" "mem shows memory"
expect_contains "$log" "kmalloc-64" "mem lists slab caches"
expect_contains "$log" "monitor" "threads lists the monitor thread"
expect_contains "$log" "running" "threads shows a running thread"
expect_contains "$log" "  CPU STATE" "cpus prints its table"
expect_contains "$log" "kernel ready after" "uptime answers"
expect_contains "$log" "unknown command 'frobnicate' (try 'help')" "unknown command"
expect_contains "$log" "halting (status 7)" "halt announces itself"
[ "$(grep -c '^  *[01] ' "$log")" -ge 2 ] || fail "cpus: expected a row for each of 2 vCPUs"

# Task listings: the monitor is itself a native task in the root job. Koids count from boot:
# the boot image's VMO is 1 (made before anything of init), the root job 2, init's task 3.
log=$out/tasks.log
printf 'tasks\nhandles 3\nvm 3\njobs\nchan\nhandles 99999\nhalt\n' |
    timeout 60 "$VAELIX" run --headless --cpus 2 --mem 32M >"$log" 2>&1
expect_status $? 0 "task commands"
expect_contains "$log" "monitor              running        1" "tasks lists the monitor task"
expect_contains "$log" "(native)" "tasks marks native tasks"
expect_contains "$log" "0x00000001 job           2  0x1ff" "handles shows the root job handle with every right"
expect_contains "$log" "handles in task 3 'monitor'" "handles names the task"
expect_contains "$log" "has no address space (native or ended)" "vm of a native task"
expect_contains "$log" "job 2 (parent 0): pages 0 handles 0 threads 1 tasks 1" "jobs shows the root job"
expect_contains "$log" "1 channel endpoints held" "chan lists the console device, the one channel init holds"
expect_contains "$log" "monitor              0x00000003" "chan names its holder and handle"
expect_contains "$log" "handles: give the koid of a live task" "handles of a task that is not there"

log=$out/long.log
{ printf 'halt 9%0200d\n' 0; printf 'uptime\n'; } | timeout 60 "$VAELIX" run --headless --mem 32M >"$log" 2>&1
expect_status $? 0 "an over-long line is reported and skipped, then end of input halts"
expect_contains "$log" "line too long (at most 127 characters): ignored" "over-long line"
expect_contains "$log" "kernel ready after" "the monitor goes on after an over-long line"

log=$out/eof.log
printf 'uptime\n' | timeout 60 "$VAELIX" run --headless --mem 32M >"$log" 2>&1
expect_status $? 0 "end of input"
expect_contains "$log" "console input ended: halting" "end of input halts"

log=$out/badhalt.log
printf 'halt 300\nhalt x\nhalt 0\n' | timeout 60 "$VAELIX" run --headless --mem 32M >"$log" 2>&1
expect_status $? 0 "halt with bad status, then halt 0"
expect_contains "$log" "halt: exit status must be 0..255, not '300'" "halt 300 refused"

# A real terminal: `script` gives the monitor a pty; lines end in \r as a keyboard sends them.
# ^U (kill line) must discard the garbage typed before it.
if command -v script >/dev/null; then
    log=$out/tty.log
    printf 'bogus\025uptime\rhalt 3\r' |
        timeout 60 script -qfec "$VAELIX run --headless --mem 32M --quiet" /dev/null >"$log" 2>&1
    expect_status $? 3 "halt 3 on a terminal"
    expect_contains "$log" "kernel ready after" "uptime on a terminal"
    grep -q "unknown command 'bogus" "$log" && fail "^U must discard the line typed before it"
else
    fail "script (util-linux) is missing: cannot test the terminal console"
fi
finish
