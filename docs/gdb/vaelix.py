"""vaelix.py - gdb helpers for looking at VaelixOS kernel state from a stopped `vaelix`.

Commands:
  vx-threads     every kernel thread: id, name, state, priority, vCPU, saved stack pointer
  vx-cpus        every vCPU: current thread, run queue length, idle flag, switches
  vx-runq CPU    the ready threads on one vCPU's run queue: deadline list, then by priority

They read kernel structures through the debug info, so they follow the code: if a field is
renamed, the helper fails with gdb's "no member named" message naming it.
"""
import gdb

STATES = ["new", "ready", "running", "blocked", "waking", "exiting", "dead"]


def _static(name, file):
    return gdb.parse_and_eval("'%s'::%s" % (file, name))


def _offset(type_name, field):
    t = gdb.lookup_type(type_name)
    return int(gdb.parse_and_eval("(unsigned long)&((%s *)0)->%s" % (t, field)))


def _list(head, type_name, field):
    """Yield the structs on an intrusive list (lib/list.h) whose node is `field`."""
    ptr_t = gdb.lookup_type(type_name).pointer()
    off = _offset(type_name, field)
    node = head["next"]
    end = head.address
    while int(node) != int(end):
        yield gdb.Value(int(node) - off).cast(ptr_t).dereference()
        node = node["next"]


def _atomic(v):
    return int(v)


def _state(v):
    s = _atomic(v)
    return STATES[s] if 0 <= s < len(STATES) else str(s)


class VxThreads(gdb.Command):
    """List every kernel thread."""

    def __init__(self):
        super().__init__("vx-threads", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        head = _static("threads", "thread.c")
        print("%5s  %-20s %-8s %4s %3s  %s" % ("ID", "NAME", "STATE", "PRIO", "CPU", "SAVED SP"))
        for t in _list(head, "struct thread", "all_link"):
            rt = int(t["se"]["cbs"]["period_ns"]) != 0
            prio = "rt" if rt else str(_atomic(t["prio"]))
            print("%5d  %-20s %-8s %4s %3d  %s" % (
                int(t["id"]), t["name"].string(), _state(t["state"]), prio,
                _atomic(t["cpu"]), t["ctx"]["sp"]))


class VxCpus(gdb.Command):
    """List every vCPU."""

    def __init__(self):
        super().__init__("vx-cpus", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        n = int(_static("ncpus", "sched.c"))
        cpus = gdb.parse_and_eval("sched_cpus")
        print("%3s %-20s %5s %6s %10s" % ("CPU", "CURRENT", "RUNQ", "IDLE", "SWITCHES"))
        for i in range(n):
            c = cpus[i]
            cur = c["current"]
            name = cur.dereference()["name"].string() if int(cur) else "-"
            print("%3d %-20s %5d %6s %10d" % (i, name, _atomic(c["rq"]["nr"]),
                                             bool(_atomic(c["idling"])),
                                             _atomic(c["switches"])))


class VxRunq(gdb.Command):
    """vx-runq CPU: the ready threads queued on one vCPU."""

    def __init__(self):
        super().__init__("vx-runq", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        cpu = int(gdb.parse_and_eval(arg or "0"))
        rq = gdb.parse_and_eval("sched_cpus")[cpu]["rq"]
        for t in _list(rq["edf"], "struct thread", "rq_link"):
            print("edf %d  %5d  %s" % (int(t["se"]["key"]["deadline_ns"]), int(t["id"]),
                                       t["name"].string()))
        for p in range(31, -1, -1):
            for t in _list(rq["queue"][p], "struct thread", "rq_link"):
                print("prio %2d  %5d  %s" % (p, int(t["id"]), t["name"].string()))


VxThreads()
VxCpus()
VxRunq()
