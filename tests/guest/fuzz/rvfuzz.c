/*
 * tests/guest/fuzz/rvfuzz.c - differential fuzzer: the rv64 interpreter against qemu-riscv64.
 *
 *   rvfuzz --seed N --instructions M [--cases K] [--case C] [--save-dir DIR] [--forever]
 *          [--qemu PATH] [--verbose]
 *
 * Each case is a random RV64GC program (gen.c) built into a static ELF (image.c). qemu runs
 * it from a temporary file; the interpreter runs the same bytes in-process through rvh. Both
 * must exit 0 and write the same bytes: every register, fcsr and the scratch area. On a
 * mismatch the differing registers and words are printed, the first diverging instruction
 * group is found by bisecting the stream's length, and the ELF (whole and minimal) and a
 * listing are saved. Fixed-seed mode stops at the first mismatch and exits 1; --forever walks
 * through seeds until SIGINT, saving every mismatch. RVFUZZ_SELFTEST_CORRUPT=1 flips one bit
 * of the interpreter's output, to show that a mismatch is caught and reported.
 */
#include "rvfuzz.h"
#include "rvh.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_INSNS      200000u
#define DEFAULT_CASE_INSNS 2000u /* long cases: each qemu start costs ~10-30 ms */
#define QEMU_TIMEOUT_MS    20000
#define RVH_MEM_BYTES      (2u << 20) /* code, data, the harness's 256 KiB stack, tables */
#define BUDGET_SLACK       1000u      /* prologue and epilogue instructions */
#define MAX_DIFFS_SHOWN    12u        /* per region: log, scratch */
#define CORRUPT_BYTE       (8u * (FZ_SLOT_X0 + 5u)) /* self-test: low byte of x5 */
#define WHY_BYTES          512u
#define TRAP_CASE_EVERY    8u /* every 8th case plants one trapping instruction */

static const char *const trap_names[] = {
    "none", "illegal instruction", "breakpoint", "page/access fault", "misaligned atomic", "other"};

/* The trap class Linux (and so qemu-user) reports with this signal. */
static uint8_t trap_of_signal(int sig)
{
    switch (sig) {
    case SIGILL:
        return FZ_TRAP_ILLEGAL;
    case SIGTRAP:
        return FZ_TRAP_BREAK;
    case SIGSEGV:
        return FZ_TRAP_FAULT;
    case SIGBUS:
        return FZ_TRAP_ALIGN;
    default:
        return FZ_TRAP_OTHER;
    }
}

static uint8_t trap_of_cause(uint32_t cause)
{
    switch (cause) {
    case RV_CAUSE_ILLEGAL:
        return FZ_TRAP_ILLEGAL;
    case RV_CAUSE_BREAKPOINT:
        return FZ_TRAP_BREAK;
    case RV_CAUSE_FETCH_ACCESS:
    case RV_CAUSE_LOAD_ACCESS:
    case RV_CAUSE_STORE_ACCESS:
    case RV_CAUSE_FETCH_PAGE:
    case RV_CAUSE_LOAD_PAGE:
    case RV_CAUSE_STORE_PAGE:
        return FZ_TRAP_FAULT;
    case RV_CAUSE_LOAD_MISALIGNED:
    case RV_CAUSE_STORE_MISALIGNED:
        return FZ_TRAP_ALIGN;
    default:
        return FZ_TRAP_OTHER;
    }
}

struct options {
    uint64_t seed;
    uint64_t instructions;
    uint32_t cases;
    int64_t only_case; /* -1: all */
    const char *save_dir;
    const char *qemu;
    bool forever;
    bool verbose; /* a line per case */
};

/* What one side did with an image. */
struct side {
    bool ok;      /* exited with status 0 */
    uint8_t trap; /* enum fz_trap: how it stopped otherwise */
    char why[WHY_BYTES];
    uint8_t *out;
    size_t out_len;
    char *err; /* qemu's stderr */
    size_t err_len;
};

struct totals {
    uint64_t cases, instructions, mismatches;
    uint64_t exited, trapped; /* runs (minimisation included) that agreed by exiting/trapping */
    double qemu_s, interp_s;
};

static volatile sig_atomic_t interrupted;
static char tmp_path[256];
static bool corrupt;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void side_free(struct side *s)
{
    free(s->out);
    free(s->err);
    memset(s, 0, sizeof *s);
}

/* ---- running qemu ------------------------------------------------------------------------------
 */

/* Write an image as an executable file. */
static int write_file(const char *path, const struct fz_image *img)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fchmod(fileno(f), 0755); /* qemu-user, like execve, wants an executable file */
    size_t n = fwrite(img->bytes, 1, img->len, f);
    return (fclose(f) == 0 && n == img->len) ? 0 : -1;
}

static int append(uint8_t **buf, size_t *len, const uint8_t *data, size_t n)
{
    uint8_t *nb = realloc(*buf, *len + n + 1);
    if (!nb)
        return -1;
    memcpy(nb + *len, data, n);
    *len += n;
    nb[*len] = 0;
    *buf = nb;
    return 0;
}

/* Collect the child's stdout and stderr until both close or the deadline passes; closes
 * both descriptors. */
static bool collect(int out_fd, int err_fd, struct side *s, double deadline)
{
    struct pollfd p[2] = {{.fd = out_fd, .events = POLLIN}, {.fd = err_fd, .events = POLLIN}};
    uint8_t buf[16384];
    bool done = true;
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        int left_ms = (int)((deadline - now_s()) * 1000.0);
        if (left_ms <= 0) {
            done = false;
            break;
        }
        int n = poll(p, 2, left_ms);
        if (n < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            ssize_t got = read(p[i].fd, buf, sizeof buf);
            if (got <= 0) {
                close(p[i].fd);
                p[i].fd = -1;
            } else if (i == 0) {
                append(&s->out, &s->out_len, buf, (size_t)got);
            } else {
                append((uint8_t **)&s->err, &s->err_len, buf, (size_t)got);
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (p[i].fd >= 0)
            close(p[i].fd);
    return done;
}

static void run_qemu(const struct options *o, const struct fz_image *img, struct side *s)
{
    int out[2] = {-1, -1}, err[2] = {-1, -1};
    memset(s, 0, sizeof *s);
    s->trap = FZ_TRAP_OTHER;
    if (write_file(tmp_path, img)) {
        snprintf(s->why, sizeof s->why, "cannot write %.256s: %s", tmp_path, strerror(errno));
        return;
    }
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
        snprintf(s->why, sizeof s->why, "pipe: %s", strerror(errno));
        goto out_close;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
    /* Its own process group: ^C (or timeout's signal to our group) must stop rvfuzz between
     * cases, not kill qemu in the middle of one and look like a mismatch. */
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    char *argv[] = {(char *)o->qemu, tmp_path, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, o->qemu, &fa, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    close(err[1]);
    out[1] = err[1] = -1;
    if (rc) {
        snprintf(s->why, sizeof s->why, "cannot start %s: %s", o->qemu, strerror(rc));
        goto out_close;
    }
    bool done = collect(out[0], err[0], s, now_s() + QEMU_TIMEOUT_MS / 1000.0);
    out[0] = err[0] = -1; /* collect closed them */
    if (!done)
        kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!done)
        snprintf(s->why, sizeof s->why, "qemu timed out after %d ms", QEMU_TIMEOUT_MS);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        s->ok = true;
    else if (WIFEXITED(status))
        snprintf(s->why, sizeof s->why, "qemu: exit status %d", WEXITSTATUS(status));
    else
        snprintf(s->why, sizeof s->why, "qemu: killed by signal %d (%s): %s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), trap_names[trap_of_signal(WTERMSIG(status))]);
    if (!s->ok)
        s->trap = done && WIFSIGNALED(status) ? trap_of_signal(WTERMSIG(status)) : FZ_TRAP_OTHER;
out_close:
    for (int i = 0; i < 2; i++) {
        if (out[i] >= 0)
            close(out[i]);
        if (err[i] >= 0)
            close(err[i]);
    }
}

/* ---- running the interpreter --------------------------------------------------------------------
 */

static void run_interp(const struct fz_image *img, uint64_t budget, struct side *s)
{
    static struct rvh v;
    memset(s, 0, sizeof *s);
    s->trap = FZ_TRAP_OTHER;
    if (rvh_init(&v, RVH_MEM_BYTES)) {
        snprintf(s->why, sizeof s->why, "rvh_init: %.200s", v.err);
        return;
    }
    v.out_fd = -1;
    if (rvh_load_elf(&v, img->bytes, img->len, "rvfuzz")) {
        snprintf(s->why, sizeof s->why, "rvh_load_elf: %.200s", v.err);
        goto out_fini;
    }
    struct rvh_result res;
    rvh_run(&v, budget, &res);
    if (res.end == RVH_EXITED && res.exit_status == 0)
        s->ok = true, s->trap = FZ_TRAP_NONE;
    else if (res.end == RVH_EXITED)
        snprintf(s->why, sizeof s->why, "interpreter: exit status %d", res.exit_status);
    else if (res.end == RVH_OUT_OF_BUDGET)
        snprintf(s->why, sizeof s->why, "interpreter: still running after %" PRIu64 " instructions",
                 res.instructions);
    else {
        s->trap = trap_of_cause(res.trap.cause);
        snprintf(s->why, sizeof s->why,
                 "interpreter: trap: %s at pc 0x%" PRIx64 ", tval 0x%" PRIx64 ": %s",
                 rvh_cause_name(res.trap.cause), v.regs.pc, res.trap.tval, trap_names[s->trap]);
    }
    s->out = (uint8_t *)v.out; /* take the buffer: rvh_fini frees v.out */
    s->out_len = v.out_len;
    v.out = NULL;
    if (corrupt && s->out_len > CORRUPT_BYTE)
        s->out[CORRUPT_BYTE] ^= 1u;
out_fini:
    rvh_fini(&v);
}

/* ---- comparing
 * ----------------------------------------------------------------------------------- */

/* Both exited 0, or both stopped on the same class of trap, with the same output. */
static bool same(const struct side *q, const struct side *i)
{
    bool same_end =
        (q->ok && i->ok) || (!q->ok && !i->ok && q->trap == i->trap && q->trap != FZ_TRAP_OTHER);
    return same_end && q->out_len == i->out_len &&
           (q->out_len == 0 || !memcmp(q->out, i->out, q->out_len));
}

/* Run both sides on items [0, limit); true if they agree. Sides are returned when asked. */
static bool run_both(const struct options *o, const struct fz_case *c, uint32_t limit,
                     struct totals *t, struct side *q_out, struct side *i_out)
{
    struct fz_image img;
    struct side q, i;
    if (fz_build_image(c, limit, &img)) {
        fprintf(stderr, "rvfuzz: cannot build image (out of memory?)\n");
        exit(2);
    }
    double t0 = now_s();
    run_qemu(o, &img, &q);
    double t1 = now_s();
    run_interp(&img, limit + BUDGET_SLACK, &i);
    double t2 = now_s();
    t->qemu_s += t1 - t0;
    t->interp_s += t2 - t1;
    fz_image_free(&img);
    bool agree = same(&q, &i);
    if (agree && q.ok)
        t->exited++;
    else if (agree)
        t->trapped++;
    if (q_out)
        *q_out = q;
    else
        side_free(&q);
    if (i_out)
        *i_out = i;
    else
        side_free(&i);
    return agree;
}

static uint64_t word_at(const struct side *s, size_t off)
{
    uint64_t v = 0;
    if (off + 8 <= s->out_len)
        memcpy(&v, s->out + off, 8);
    return v;
}

static void describe_fcsr(FILE *f, uint64_t v)
{
    static const char *const flags[] = {"NX", "UF", "OF", "DZ", "NV"};
    fprintf(f, "frm %u flags", (unsigned)(v >> 5 & 7u));
    for (unsigned b = 5; b-- > 0;)
        if (v >> b & 1u)
            fprintf(f, " %s", flags[b]);
}

/* The instruction a log slot holds the result of: the one before the slot's store, skipping
 * the log's own window steps and fflags reads. Assumes no window step was skipped. */
static void describe_slot(FILE *f, const struct fz_case *c, uint32_t limit, uint32_t slot)
{
    if (slot >= c->log_slots || c->log_item[slot] >= limit)
        return;
    uint32_t store = c->log_item[slot], k = store;
    while (k > 0 && (k == store || !strncmp(c->item[k].text, "addi tp", 7) ||
                     strstr(c->item[k].text, ", fflags, x0")))
        k--;
    fprintf(f, "  [#%u %s] after #%u %s", store, c->item[store].text, k, c->item[k].text);
}

static void print_word(FILE *f, const struct side *q, const struct side *i, size_t off)
{
    uint64_t a = word_at(q, off), b = word_at(i, off);
    fprintf(f, " qemu 0x%016" PRIx64 "  interpreter 0x%016" PRIx64, a, b);
    if (off == 8u * FZ_SLOT_FCSR) {
        fprintf(f, "  (qemu ");
        describe_fcsr(f, a);
        fprintf(f, "; interpreter ");
        describe_fcsr(f, b);
        fprintf(f, ")");
    }
}

static bool differs(const struct side *q, const struct side *i, size_t off)
{
    return word_at(q, off) != word_at(i, off);
}

/* Differences in time order: the log first (its lowest slot is the first wrong result the
 * stream kept), then the final registers, then the scratch area. */
static void print_diff(FILE *f, const struct fz_case *c, uint32_t limit, const struct side *q,
                       const struct side *i)
{
    if (!q->ok || !i->ok) {
        fprintf(f, "  qemu:        %s\n", q->ok ? "exited 0" : q->why);
        fprintf(f, "  interpreter: %s\n", i->ok ? "exited 0" : i->why);
        if (q->err_len)
            fprintf(f, "  qemu stderr: %s", q->err);
    }
    if (q->out_len != i->out_len)
        fprintf(f, "  output length: qemu %zu bytes, interpreter %zu bytes (expected %u)\n",
                q->out_len, i->out_len, FZ_OUT_BYTES);
    unsigned shown = 0;
    for (size_t off = FZ_OUT_LOG; off < FZ_OUT_BYTES && shown < MAX_DIFFS_SHOWN; off += 8) {
        if (!differs(q, i, off))
            continue;
        uint32_t slot = (uint32_t)((off - FZ_OUT_LOG) / 8);
        fprintf(f, "  log[%u]:", slot);
        print_word(f, q, i, off);
        describe_slot(f, c, limit, slot);
        fputc('\n', f);
        shown++;
    }
    for (size_t off = 0; off < FZ_OUT_SCRATCH; off += 8) {
        if (!differs(q, i, off))
            continue;
        unsigned slot = (unsigned)(off / 8);
        if (slot < FZ_SLOT_F0)
            fprintf(f, "  x%-2u:", slot);
        else if (slot < FZ_SLOT_FCSR)
            fprintf(f, "  f%-2u:", slot - FZ_SLOT_F0);
        else
            fprintf(f, "  %s:", slot == FZ_SLOT_FCSR ? "fcsr" : "pad");
        print_word(f, q, i, off);
        fputc('\n', f);
    }
    shown = 0;
    for (size_t off = FZ_OUT_SCRATCH; off < FZ_OUT_LOG; off += 8) {
        if (!differs(q, i, off))
            continue;
        if (shown++ == MAX_DIFFS_SHOWN) {
            fprintf(f, "  ... (more scratch differences)\n");
            break;
        }
        fprintf(f, "  mem scratch+0x%04zx (va 0x%llx):", off - FZ_OUT_SCRATCH,
                (unsigned long long)(FZ_DATA_VA + FZ_SCRATCH_OFF + off - FZ_OUT_SCRATCH));
        print_word(f, q, i, off);
        fputc('\n', f);
    }
}

/* ---- mismatches: minimise, report, save
 * ---------------------------------------------------------- */

/* The shortest prefix (ending at a group start) that still mismatches, by bisection; 0 if
 * even the empty stream mismatches. Assumes a prefix that mismatches stays mismatched when
 * extended, which holds for the first divergence unless a later write hides it. */
static uint32_t minimise(const struct options *o, const struct fz_case *c, struct totals *t)
{
    uint32_t *cut = malloc((c->count + 1u) * sizeof *cut), n = 0;
    if (!cut)
        return c->count;
    for (uint32_t k = 0; k < c->count; k++)
        if (c->item[k].group_start)
            cut[n++] = k;
    cut[n++] = c->count;
    uint32_t result = 0;
    if (!run_both(o, c, 0, t, NULL, NULL))
        goto out;
    uint32_t lo = 0, hi = n - 1; /* cut[lo] agrees, cut[hi] mismatches */
    while (hi - lo > 1 && !interrupted) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (run_both(o, c, cut[mid], t, NULL, NULL))
            lo = mid;
        else
            hi = mid;
    }
    result = cut[hi];
out:
    free(cut);
    return result;
}

static void make_dirs(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(path, 0777);
            *p = '/';
        }
    }
    mkdir(path, 0777);
}

static void save_image(const char *path, const struct fz_case *c, uint32_t limit)
{
    struct fz_image img;
    if (fz_build_image(c, limit, &img) == 0) {
        if (write_file(path, &img))
            fprintf(stderr, "rvfuzz: cannot write %s: %s\n", path, strerror(errno));
        fz_image_free(&img);
    }
}

static void report_mismatch(const struct options *o, const struct fz_case *c, uint64_t seed,
                            uint32_t case_no, struct side *q, struct side *i, struct totals *t)
{
    char base[600], path[640];
    printf("rvfuzz: MISMATCH seed %" PRIu64 " case %u (%u instructions)\n", seed, case_no,
           c->count);
    print_diff(stdout, c, c->count, q, i);
    if (c->expect_trap != FZ_TRAP_NONE)
        printf("  planted trap at #%u %s: should give %s\n", c->trap_item,
               c->item[c->trap_item].text, trap_names[c->expect_trap]);
    uint32_t min = minimise(o, c, t);
    if (interrupted)
        return;
    make_dirs(o->save_dir);
    snprintf(base, sizeof base, "%s/rvfuzz-%" PRIu64 "-%u", o->save_dir, seed, case_no);
    snprintf(path, sizeof path, "%s.txt", base);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "rvfuzz: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    fprintf(f, "rvfuzz mismatch: seed %" PRIu64 " case %u, %u instructions\n", seed, case_no,
            c->count);
    fprintf(f,
            "rerun: rvfuzz --seed %" PRIu64 " --case %u --cases %u --instructions %" PRIu64
            "\n\nfull case:\n",
            seed, case_no, o->cases, o->instructions);
    print_diff(f, c, c->count, q, i);
    if (min == 0) {
        printf("  even the empty stream mismatches: prologue, epilogue or harness\n");
        fprintf(f, "\neven the empty stream mismatches\n");
    } else {
        struct side mq, mi;
        run_both(o, c, min, t, &mq, &mi);
        uint32_t first = min - 1;
        while (first > 0 && !c->item[first].group_start)
            first--;
        printf("  first diverging group: items #%u..#%u, saved as %s-min.elf:\n", first, min - 1,
               base);
        for (uint32_t k = first; k < min; k++)
            printf("    #%u %s\n", k, c->item[k].text);
        print_diff(stdout, c, min, &mq, &mi);
        fprintf(f, "\nminimal prefix: items [0, %u) (%s-min.elf); last group #%u..#%u\n", min, base,
                first, min - 1);
        print_diff(f, c, min, &mq, &mi);
        side_free(&mq);
        side_free(&mi);
        snprintf(path, sizeof path, "%s-min.elf", base);
        save_image(path, c, min);
    }
    fprintf(f, "\nlisting:\n");
    fz_write_listing(f, c, c->count);
    fclose(f);
    snprintf(path, sizeof path, "%s.elf", base);
    save_image(path, c, c->count);
    printf("  reproducer: %s.elf, listing: %s.txt\n", base, base);
}

/* ---- driver -------------------------------------------------------------------------------------
 */

static uint64_t case_seed(uint64_t seed, uint32_t case_no)
{
    struct fz_rng r;
    fz_rng_seed(&r, seed ^ ((uint64_t)case_no * 0xd1b54a32d192ed03ull));
    return fz_rng_next(&r);
}

/* Run every case of one seed; returns the number of mismatches. */
static uint64_t run_seed(const struct options *o, uint64_t seed, struct totals *t)
{
    uint32_t per_case = (uint32_t)((o->instructions + o->cases - 1) / o->cases);
    uint64_t mismatches = 0;
    struct fz_case *c = calloc(1, sizeof *c);
    if (!c) {
        fprintf(stderr, "rvfuzz: out of memory\n");
        exit(2);
    }
    for (uint32_t k = 0; k < o->cases && !interrupted; k++) {
        if (o->only_case >= 0 && k != (uint64_t)o->only_case)
            continue;
        bool trap = k % TRAP_CASE_EVERY == TRAP_CASE_EVERY - 1;
        if (fz_generate(c, case_seed(seed, k), per_case, trap)) {
            fprintf(stderr, "rvfuzz: out of memory\n");
            exit(2);
        }
        struct side q, i;
        bool agree = run_both(o, c, c->count, t, &q, &i);
        if (interrupted) {
            side_free(&q);
            side_free(&i);
            break;
        }
        t->cases++;
        t->instructions += c->count;
        if (o->verbose)
            printf("rvfuzz: seed %" PRIu64 " case %u: %u instructions, %s%s%s\n", seed, k, c->count,
                   q.ok ? "exited" : trap_names[q.trap], c->expect_trap ? "; planted: " : "",
                   c->expect_trap ? c->item[c->trap_item].text : "");
        if (!agree) {
            mismatches++;
            report_mismatch(o, c, seed, k, &q, &i, t);
        }
        side_free(&q);
        side_free(&i);
        if (mismatches && !o->forever)
            break;
    }
    fz_case_free(c);
    free(c);
    t->mismatches += mismatches;
    return mismatches;
}

static void summary(const struct totals *t, double secs)
{
    printf("rvfuzz: %" PRIu64 " cases, %" PRIu64 " instructions, %.1f s (qemu %.1f s, "
           "interpreter %.2f s; %.0f instructions/s compared; runs agreeing: %" PRIu64
           " exited, %" PRIu64 " trapped), %" PRIu64 " mismatch%s\n",
           t->cases, t->instructions, secs, t->qemu_s, t->interp_s,
           secs > 0 ? (double)t->instructions / secs : 0.0, t->exited, t->trapped, t->mismatches,
           t->mismatches == 1 ? "" : "es");
}

static int usage(void)
{
    fprintf(stderr, "usage: rvfuzz --seed N --instructions M [--cases K] [--case C] "
                    "[--save-dir DIR] [--forever] [--qemu PATH] [--verbose]\n");
    return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
    bool seed_given = false;
    *o = (struct options){
        .instructions = DEFAULT_INSNS, .only_case = -1, .save_dir = ".", .qemu = "qemu-riscv64"};
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(a, "--forever")) {
            o->forever = true;
            continue;
        }
        if (!strcmp(a, "--verbose")) {
            o->verbose = true;
            continue;
        }
        if (!v)
            return -1;
        k++;
        if (!strcmp(a, "--seed"))
            o->seed = strtoull(v, NULL, 0), seed_given = true;
        else if (!strcmp(a, "--instructions"))
            o->instructions = strtoull(v, NULL, 0);
        else if (!strcmp(a, "--cases"))
            o->cases = (uint32_t)strtoul(v, NULL, 0);
        else if (!strcmp(a, "--case"))
            o->only_case = strtoll(v, NULL, 0);
        else if (!strcmp(a, "--save-dir"))
            o->save_dir = v;
        else if (!strcmp(a, "--qemu"))
            o->qemu = v;
        else
            return -1;
    }
    if (!seed_given)
        o->seed = o->forever ? (uint64_t)time(NULL) : 1;
    if (o->instructions == 0)
        return -1;
    if (o->cases == 0)
        o->cases = (uint32_t)((o->instructions + DEFAULT_CASE_INSNS - 1) / DEFAULT_CASE_INSNS);
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse(argc, argv, &o))
        return usage();
    const char *env = getenv("RVFUZZ_SELFTEST_CORRUPT");
    corrupt = env && *env && strcmp(env, "0") != 0;
    const char *tmpdir = getenv("TMPDIR");
    snprintf(tmp_path, sizeof tmp_path, "%s/rvfuzz-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        fprintf(stderr, "rvfuzz: cannot create a temporary file: %s\n", strerror(errno));
        return 2;
    }
    close(fd);
    /* qemu-user dumps a guest core for a fatal signal if allowed: trap cases must not. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    struct sigaction sa = {.sa_handler = on_sigint};
    sigaction(SIGINT, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct totals t = {0};
    double t0 = now_s();
    int rc = 0;
    if (o.forever) {
        printf("rvfuzz: forever from seed %" PRIu64 ", %" PRIu64 " instructions per seed; "
               "mismatches saved in %s\n",
               o.seed, o.instructions, o.save_dir);
        for (uint64_t seed = o.seed; !interrupted; seed++) {
            uint64_t m = run_seed(&o, seed, &t);
            if (!interrupted)
                printf("rvfuzz: seed %" PRIu64 " done (%" PRIu64 " mismatches); %" PRIu64
                       " cases, %" PRIu64 " instructions so far\n",
                       seed, m, t.cases, t.instructions);
        }
    } else {
        rc = run_seed(&o, o.seed, &t) ? 1 : 0;
    }
    unlink(tmp_path);
    summary(&t, now_s() - t0);
    if (interrupted)
        return o.forever ? 0 : 130;
    return rc;
}
