/*
 * hostio/linux/main.c - main() and the `vaelix` command line.
 *
 * Parses `vaelix run [options]`, `vaelix help` and `vaelix version`, reads the boot image
 * (initrd.cpio beside this executable, or --initrd FILE), fills the kernel's vx_boot_params
 * and calls vx_kernel_main() on this thread, which returns when the machine powers off. Bad
 * usage prints one line naming the option and what it allows, then a pointer to `vaelix
 * help`, and exits 2; a failed boot (the kernel says why) exits 1; otherwise the machine's
 * exit status becomes the process's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostio.h"
#include "internal.h"
#include "personality/linux/linux.h"
#include "servers/echo/echo.h"
#include "servers/fault/fault.h"
#include "servers/gtest/gtest.h"
#include "servers/logd/logd.h"
#include "servers/vfs/vfs.h"
#include "servers/vinit/vinit.h"
#include "vx/boot.h"

/* System tasks compiled into vaelix, by name (DESIGN.md §5): vinit starts them like programs. */
static const struct vx_builtin builtins[] = {
    {"gtest", gtest_main},
    {"vinit", vinit_main},
    {"logd", logd_main},
    {"echo", echo_main},
    {"vfs", vfs_main}, /* the file system server (vx/vfs.h) */
    {"linux-exec", linux_exec_main}, /* vaelix exec's first task */
    /* Fault on purpose: the tests of fault isolation (gtest, tests/vinit). */
    {"fault-write", fault_write_main},
    {"fault-divide", fault_divide_main},
    {"fault-stack", fault_stack_main},
};

#define VAELIX_VERSION    "0.1.0"
#define DEFAULT_MEM_BYTES (256ull << 20)
#define DEFAULT_INIT      "monitor"
#define SELFTEST_INIT     "selftest"
#define EXIT_BOOT_FAILED  1
#define EXIT_USAGE        2
#define INITRD_FILE       "initrd.cpio" /* the default boot image, beside the executable */

struct run_options {
    uint64_t mem_bytes;
    uint32_t cpus;
    bool quiet;
    bool headless; /* accepted now; selects the in-memory display once there is a display */
    const char *init;
    const char *init_arg; /* --init-arg STRING: init's host argument (vinit: its options) */
    const char *initrd; /* --initrd FILE; NULL: INITRD_FILE beside the executable, if any */
    bool no_initrd;     /* --no-initrd */
};

/* A boot image read into host memory. */
struct initrd_image {
    void *data;
    uint64_t len;
};

/* "1G", "256M", "64K" or plain bytes, for messages built from the limits in vx/boot.h. */
static void format_size(uint64_t bytes, char *buf, size_t len)
{
    static const char suffixes[] = "KMG";
    int unit = -1;
    while (unit < 2 && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        unit++;
    }
    if (unit < 0)
        snprintf(buf, len, "%llu", (unsigned long long)bytes);
    else
        snprintf(buf, len, "%llu%c", (unsigned long long)bytes, suffixes[unit]);
}

static uint32_t default_cpus(void)
{
    struct hio_machine m;
    if (hio_probe(HIO_VERSION, &m) != HIO_OK || m.host_cpus == 0)
        return 1;
    return m.host_cpus < VX_CPUS_MAX ? m.host_cpus : VX_CPUS_MAX;
}

static void print_help(FILE *out)
{
    char lo[16], hi[16], def[16];
    format_size(VX_MEM_MIN, lo, sizeof lo);
    format_size(VX_MEM_MAX, hi, sizeof hi);
    format_size(DEFAULT_MEM_BYTES, def, sizeof def);
    fprintf(out,
            "usage: vaelix <command> [options]\n"
            "\n"
            "commands:\n"
            "  run            boot VaelixOS in this terminal; exits with the machine's status\n"
            "  exec [options] [--] CMD [ARGS...]\n"
            "                 boot headless, run the Linux program CMD (a riscv64 static ELF:\n"
            "                 a host file if CMD has a '/' and is one, else a file of the\n"
            "                 guest's file system; a bare name is looked up in /bin)\n"
            "                 with this process's stdin, stdout, stderr and environment, and\n"
            "                 exit with its status (128+N if signal N killed it); options:\n"
            "                 --mem, --cpus, --initrd, --no-initrd as for run, and -v to\n"
            "                 show the kernel's log on stderr\n"
            "  help           show this help (also --help, -h)\n"
            "  version        print the version\n"
            "\n"
            "options for run:\n"
            "  --mem SIZE     physical memory: bytes, or a K/M/G suffix (binary units);\n"
            "                 a multiple of 4096 from %s to %s (default %s)\n"
            "  --cpus N       number of vCPUs, 1 to %u (default: host CPUs, at most %u;\n"
            "                 here %u)\n"
            "  --headless     run without a display window\n"
            "  --selftest     boot into the kernel self-tests (same as --init %s)\n"
            "  --init NAME    first program to start (default %s)\n"
            "  --init-arg STR a string for the first program (vinit: options, docs/vinit.md)\n"
            "  --initrd FILE  boot image, a cpio newc archive (default: %s beside the\n"
            "                 vaelix executable, if there is one)\n"
            "  --no-initrd    boot without a boot image\n"
            "  --quiet        print only warnings and errors while booting\n",
            lo, hi, def, VX_CPUS_MAX, VX_CPUS_MAX, default_cpus(), SELFTEST_INIT, DEFAULT_INIT,
            INITRD_FILE);
}

/* Print one line about what was wrong, and where to look; returns the usage exit status. */
static int usage_error(const char *what)
{
    fprintf(stderr, "vaelix: %s\ntry 'vaelix help'\n", what);
    return EXIT_USAGE;
}

/* An unsigned decimal with no sign or spaces; false if there is none or it overflows. */
static bool parse_decimal(const char *s, const char **end, uint64_t *out)
{
    uint64_t v = 0;
    if (*s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        uint64_t digit = (uint64_t)(*s - '0');
        if (v > (UINT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *end = s;
    *out = v;
    return true;
}

/* SIZE: an integer with an optional K, M or G (binary units, either case). */
static bool parse_size(const char *s, uint64_t *out)
{
    static const char units[] = "KkMmGg"; /* pairs: 2^10, 2^20, 2^30 */
    const char *end;
    uint64_t v;
    unsigned shift = 0;
    if (!parse_decimal(s, &end, &v))
        return false;
    const char *unit = *end != '\0' ? strchr(units, *end) : NULL;
    if (unit != NULL) {
        shift = 10u * (1u + (unsigned)(unit - units) / 2u);
        end++;
    }
    if (*end != '\0' || v > (UINT64_MAX >> shift))
        return false;
    *out = v << shift;
    return true;
}

/* Why `arg` is not a valid --mem, or NULL when it is (and *out holds it). */
static const char *mem_size_problem(const char *arg, uint64_t *out)
{
    if (!parse_size(arg, out))
        return "is not a size";
    if (*out % HIO_PAGE_SIZE != 0)
        return "is not a multiple of 4096 bytes";
    if (*out < VX_MEM_MIN || *out > VX_MEM_MAX)
        return "is out of range";
    return NULL;
}

static int bad_mem(const char *arg, const char *problem)
{
    char msg[256], lo[16], hi[16];
    format_size(VX_MEM_MIN, lo, sizeof lo);
    format_size(VX_MEM_MAX, hi, sizeof hi);
    snprintf(msg, sizeof msg,
             "--mem: '%.64s' %s; give bytes or a K/M/G suffix, a multiple of 4096 from %s to %s",
             arg, problem, lo, hi);
    return usage_error(msg);
}

static int bad_cpus(const char *arg)
{
    char msg[160];
    snprintf(msg, sizeof msg, "--cpus: '%.64s' is not allowed; give a number from 1 to %u", arg,
             VX_CPUS_MAX);
    return usage_error(msg);
}

/* The value of option `name` at argv[*i]: "--name=value" or "--name value". NULL if absent
 * (argv[*i] is not this option, or its value is missing; *missing tells which). */
static const char *option_value(char **argv, int argc, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    *missing = false;
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Parse one option at argv[*i] (consuming its value). Returns 0 or the usage exit status. */
static int parse_run_option(char **argv, int argc, int *i, struct run_options *o)
{
    const char *arg = argv[*i];
    const char *v;
    bool missing;
    char msg[160];

    if ((v = option_value(argv, argc, i, "--mem", &missing)) != NULL) {
        const char *problem = mem_size_problem(v, &o->mem_bytes);
        return problem == NULL ? 0 : bad_mem(v, problem);
    }
    if (missing)
        return usage_error("--mem needs a value: SIZE, e.g. 256M (a multiple of 4096)");
    if ((v = option_value(argv, argc, i, "--cpus", &missing)) != NULL) {
        uint64_t n;
        const char *end;
        if (!parse_decimal(v, &end, &n) || *end != '\0' || n < 1 || n > VX_CPUS_MAX)
            return bad_cpus(v);
        o->cpus = (uint32_t)n;
        return 0;
    }
    if (missing) {
        snprintf(msg, sizeof msg, "--cpus needs a value: a number from 1 to %u", VX_CPUS_MAX);
        return usage_error(msg);
    }
    if ((v = option_value(argv, argc, i, "--init", &missing)) != NULL && *v != '\0') {
        o->init = v;
        return 0;
    }
    if (missing || v != NULL)
        return usage_error("--init needs a value: the name of a built-in program");
    if ((v = option_value(argv, argc, i, "--init-arg", &missing)) != NULL) {
        o->init_arg = v;
        return 0;
    }
    if (missing)
        return usage_error("--init-arg needs a value: a string for the first program");
    if ((v = option_value(argv, argc, i, "--initrd", &missing)) != NULL && *v != '\0') {
        o->initrd = v;
        return 0;
    }
    if (missing || v != NULL)
        return usage_error("--initrd needs a value: a cpio newc archive");
    if (strcmp(arg, "--no-initrd") == 0)
        o->no_initrd = true;
    else if (strcmp(arg, "--headless") == 0)
        o->headless = true;
    else if (strcmp(arg, "--selftest") == 0)
        o->init = SELFTEST_INIT;
    else if (strcmp(arg, "--quiet") == 0)
        o->quiet = true;
    else {
        snprintf(msg, sizeof msg, "run: unknown option '%.64s'", arg);
        return usage_error(msg);
    }
    return 0;
}

/* Read the whole file at path. Returns 0, or an errno value (EFBIG: over VX_INITRD_MAX). */
static int read_image(const char *path, struct initrd_image *img)
{
    static uint8_t empty; /* an empty file is still an image (a bad one) */
    struct stat st;
    FILE *f = fopen(path, "rb");
    int err = 0;
    if (!f)
        return errno;
    if (fstat(fileno(f), &st) != 0) {
        err = errno;
        goto out_close;
    }
    if (!S_ISREG(st.st_mode)) {
        err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto out_close;
    }
    if ((uint64_t)st.st_size > VX_INITRD_MAX) {
        err = EFBIG;
        goto out_close;
    }
    img->len = (uint64_t)st.st_size;
    img->data = img->len ? malloc(img->len) : &empty;
    if (!img->data) {
        err = ENOMEM;
        goto out_close;
    }
    if (img->len && fread(img->data, 1, img->len, f) != img->len) {
        err = ferror(f) ? EIO : EAGAIN; /* short: the file shrank while being read */
        free(img->data);
        img->data = NULL;
    }
out_close:
    fclose(f);
    return err;
}

/* Is the file a 64-bit little-endian RISC-V ELF (EM_RISCV = 243)? */
static bool is_riscv64_elf(const struct initrd_image *img)
{
    const uint8_t *b = img->data;
    return img->len >= 20 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F' &&
           b[4] == 2 && b[5] == 1 && b[18] == 243 && b[19] == 0;
}

static void free_image(struct initrd_image *img)
{
    if (img->len)
        free(img->data);
}

/* The boot image the options ask for: --initrd FILE (which must be readable), else
 * INITRD_FILE beside the executable when it exists. Returns 0 or the usage exit status. */
static int load_initrd(const struct run_options *o, struct initrd_image *img)
{
    char path[PATH_MAX], msg[PATH_MAX + 128];
    *img = (struct initrd_image){0};
    if (o->no_initrd)
        return 0;
    if (o->initrd) {
        int err = read_image(o->initrd, img);
        if (err == 0)
            return 0;
        snprintf(msg, sizeof msg, "--initrd: cannot read '%s': %s", o->initrd,
                 err == EFBIG ? "larger than 1 GiB" : strerror(err));
        return usage_error(msg);
    }
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - sizeof INITRD_FILE - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    strcpy(slash + 1, INITRD_FILE);
    int err = read_image(path, img);
    /* No default image is fine (the boot log says so); one that is there but unreadable is
     * worth a warning. */
    if (err != 0 && err != ENOENT)
        fprintf(stderr, "vaelix: cannot read %s: %s; booting without it\n", path,
                err == EFBIG ? "larger than 1 GiB" : strerror(err));
    return 0;
}

static int run(int argc, char **argv)
{
    struct run_options o = {
        .mem_bytes = DEFAULT_MEM_BYTES,
        .cpus = default_cpus(),
        .init = DEFAULT_INIT,
    };
    for (int i = 2; i < argc; i++) {
        int status = parse_run_option(argv, argc, &i, &o);
        if (status != 0)
            return status;
    }

    struct initrd_image initrd;
    int status = load_initrd(&o, &initrd);
    if (status != 0)
        return status;

    struct vx_boot_params params = {
        .mem_bytes = o.mem_bytes,
        .cpus = o.cpus,
        .quiet = o.quiet,
        .init = o.init,
        .init_arg = (void *)o.init_arg, /* vinit reads it as a string, never writes it */
        .builtins = builtins,
        .nbuiltins = sizeof builtins / sizeof builtins[0],
        .initrd = initrd.data,
        .initrd_len = initrd.len,
    };
    /* Anything buffered must be out before the kernel owns the console. */
    fflush(stdout);
    status = vx_kernel_main(&params);
    free_image(&initrd);
    if (status < 0)
        return EXIT_BOOT_FAILED;
    return status & 0xff;
}

/* A parent may start us with stdin, stdout or stderr closed. Then the next file opened (the
 * physical-memory memfd, libuv's descriptors) would take that number and be read or written
 * as the console. Put /dev/null there first. */
static void fill_closed_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
            open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            _exit(2); /* cannot even do that: nothing sensible is left to say it on */
}

/* vaelix exec [options] [--] CMD [ARGS...] */
static int exec_cmd(int argc, char **argv)
{
    struct run_options o = {.mem_bytes = DEFAULT_MEM_BYTES, .cpus = default_cpus(),
                            .init = "linux-exec"};
    bool verbose = false;
    int i = 2;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (argv[i][0] != '-')
            break;
        if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
            verbose = true;
            continue;
        }
        if (strncmp(argv[i], "--init", 6) == 0 && strncmp(argv[i], "--initrd", 8) != 0)
            return usage_error("exec: --init and --init-arg are run's (exec starts linux-exec)");
        int status = parse_run_option(argv, argc, &i, &o);
        if (status != 0)
            return status;
    }
    if (i >= argc)
        return usage_error("exec: no command given (vaelix exec [options] -- CMD [ARGS...])");
    const char *cmd = argv[i];

    /* argv, then the environment, each NUL-terminated. */
    size_t len = 0;
    for (int k = i; k < argc; k++)
        len += strlen(argv[k]) + 1;
    for (char **e = environ; *e; e++)
        len += strlen(*e) + 1;
    char *strings = malloc(len ? len : 1), *w = strings;
    if (!strings) {
        fprintf(stderr, "vaelix exec: out of memory\n");
        return EXIT_BOOT_FAILED;
    }
    for (int k = i; k < argc; k++)
        w = stpcpy(w, argv[k]) + 1;
    for (char **e = environ; *e; e++)
        w = stpcpy(w, *e) + 1;

    struct initrd_image prog = {0};
    bool host_file = false;
    if (strchr(cmd, '/')) { /* a host file, the way qemu-riscv64 runs one */
        int err = read_image(cmd, &prog);
        /* An absolute path that is not a riscv64 program here (/bin/sh is the host's shell)
         * names a file of the guest's file system first; if the guest has none, the host
         * file's bytes are what runs (and fail as they would). */
        host_file = !err && (is_riscv64_elf(&prog) || cmd[0] != '/');
        if (err && (cmd[0] != '/' || err != ENOENT)) {
            fprintf(stderr, "vaelix exec: %s: %s\n", cmd,
                    err == EFBIG ? "larger than 1 GiB" : strerror(err));
            free(strings);
            return err == ENOENT ? 127 : 126;
        }
        if (err) /* not on the host: only the guest's file system can have it */
            prog = (struct initrd_image){0};
    }
    struct initrd_image initrd;
    int status = load_initrd(&o, &initrd);
    if (status != 0) {
        free_image(&prog);
        free(strings);
        return status;
    }
    /* What /proc/self/exe names: the host file's absolute path, as under qemu-riscv64. */
    char exe[PATH_MAX];
    if (!host_file && cmd[0] == '/')
        snprintf(exe, sizeof exe, "%s", cmd);
    else if (!strchr(cmd, '/'))
        snprintf(exe, sizeof exe, "/bin/%s", cmd);
    else if (!realpath(cmd, exe))
        snprintf(exe, sizeof exe, "%s", cmd);
    struct linux_exec_arg x = {.image = host_file ? (prog.len ? prog.data : "") : NULL,
                               .fallback = !host_file && prog.data ? prog.data : NULL,
                               .fallback_len = prog.len,
                               .image_len = prog.len, .path = cmd, .exe = exe, .strings = strings,
                               .strings_len = len, .argc = (uint32_t)(argc - i),
                               .verbose = verbose};
    struct vx_boot_params params = {
        .mem_bytes = o.mem_bytes,
        .cpus = o.cpus,
        .quiet = !verbose,
        .init = o.init,
        .init_arg = &x,
        .builtins = builtins,
        .nbuiltins = sizeof builtins / sizeof builtins[0],
        .initrd = initrd.data,
        .initrd_len = initrd.len,
    };
    /* stdout carries the program's bytes only: the kernel's lines go to stderr with -v. */
    hio_console_log_to(verbose ? 2 : -1);
    fflush(stdout);
    status = vx_kernel_main(&params);
    free_image(&initrd);
    free_image(&prog);
    free(strings);
    if (status < 0) {
        fprintf(stderr, "vaelix exec: the machine did not boot (run with -v to see why)\n");
        return EXIT_BOOT_FAILED;
    }
    return status & 0xff;
}

int main(int argc, char **argv)
{
    fill_closed_std_fds();
    if (argc < 2)
        return usage_error("no command given (run, exec, help or version)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0)
        return run(argc, argv);
    if (strcmp(cmd, "exec") == 0)
        return exec_cmd(argc, argv);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("vaelix %s (hostio linux, interface %d)\n", VAELIX_VERSION, HIO_VERSION);
        return 0;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "unknown command '%.64s' (run, exec, help or version)", cmd);
    return usage_error(msg);
}
