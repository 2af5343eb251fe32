/*
 * servers/vinit/svc.h - vinit's inside: the service table and the three parts that share it.
 *
 *   load.c      manifests: list the directory, read, parse, drop the bad ones and their
 *               dependants, order the rest into the table
 *   vinit.c     options, starting and stopping services, the supervision loop
 *   registry.c  the requests services send on their bootstrap channels (vx/service.h)
 *
 * vinit is one thread: the table and the buffers are static (a native task has no heap and
 * a small stack), used by that thread only, so nothing here locks.
 */
#ifndef SERVERS_VINIT_SVC_H
#define SERVERS_VINIT_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include "servers/serve/log.h"
#include "lib/manifest.h"
#include "vx/syscall.h"

#define VINIT_PATH_MAX 160u /* a manifest's path in the image, for messages */

enum vinit_state {
    SVC_STOPPED = 0, /* not started yet */
    SVC_RUNNING,     /* its task is alive */
    SVC_WAITING,     /* stopped; restarts at restart_at_ns */
    SVC_DONE,        /* stopped for good: its policy says so */
};

struct vinit_svc {
    struct svc_manifest m;
    char file[VINIT_PATH_MAX]; /* where the manifest came from */
    enum vinit_state state;
    vx_handle_t job;       /* its job, made at the first start, kept across restarts */
    vx_handle_t task;      /* while RUNNING */
    vx_handle_t chan;      /* while RUNNING: vinit's end of its bootstrap channel */
    uint32_t gen;          /* starts so far: port keys carry it, so a packet about an
                            * earlier run is recognised and ignored */
    uint32_t delay_ms;     /* delay before the latest restart; 0: none yet */
    int64_t started_ns;    /* vx_clock_get() at the latest start */
    int64_t restart_at_ns; /* while WAITING */
    int status;            /* how the latest run ended, as an exit status: its exit
                            * code (low 8 bits) if it exited, else 1 */
};

/* The table, in start order. */
extern struct vinit_svc vinit_svcs[MANIFEST_SERVICES_MAX];
extern uint32_t vinit_nsvcs;

/* Fill the table from the manifests in directory `dir` of the boot image. Bad manifests and
 * services depending on them are reported and left out. Returns VX_OK (possibly with an empty
 * table), or an error if the directory cannot be read or the set cannot be ordered (a cycle,
 * a name used twice: docs/vinit.md says why the whole set is refused then). */
vx_status_t vinit_load(vx_handle_t bootfs, const char *dir);

/* The service called name[0..len), or NULL. */
struct vinit_svc *vinit_find(const char *name, uint32_t len);

/* Answer every request queued on s's bootstrap channel. A task that breaks the protocol
 * badly (a message vinit cannot read) is killed. */
void vinit_serve_requests(struct vinit_svc *s);

#endif /* SERVERS_VINIT_SVC_H */
