/*
 * linux/vfiles.h - /proc and /dev: files the personality makes up rather than the vfs server
 * keeps.
 *
 * Whoever walks a guest's path routes everything under "/proc" to procfs_* and under "/dev"
 * to devfs_*, passing `rest`: the path after "/proc" or "/dev" with leading slashes removed
 * ("" is the directory itself), already free of "." and "..". Every function works on host
 * memory except devfs_read/devfs_write, which reach the guest through linux_copy_in/out.
 *
 * Links: stat is lstat (a link's own node). Inside a path only /proc's "self" and
 * "thread-self" are followed ("self/fd/3" works); any other link (fd/N, exe, /dev/fd...) is
 * the caller's to resolve with *_readlink before going on, and a path that continues through
 * one is -LENOTDIR.
 *
 * Directories: *_list calls fn for ".", "..", then every entry, in a stable order (the
 * vfs server's READDIR order; an index into it is a usable cookie).
 *
 * Files of /proc: a reader takes a snapshot at open (procfs_read generates the whole content
 * now) and reads from it with offsets; the content stays what it was at open, as a seq_file's
 * first read on Linux.
 *
 * Devices: devfs_open says which device a /dev name is; the caller keeps that number in its
 * open file and calls devfs_read/devfs_write with it. VDEV_TTY and VDEV_CONSOLE are markers:
 * the caller opens the console (an LFILE_CONSOLE) for them; devfs_read/write refuse them.
 *
 * Locks: none held on entry. procfs takes tree_lock, then a process's lock, to copy what it
 * shows (internal.h's order), and formats after letting go.
 */
#ifndef LINUX_VFILES_H
#define LINUX_VFILES_H

#include <stddef.h>
#include <stdint.h>

#include "personality/linux/abi.h"

struct linux_thread;
struct linux_proc;
struct lfile;

/* Linux values abi.h does not have yet (guarded: abi.h may grow the same ones). */
#ifndef LS_IFMT
#define LS_IFMT 0170000
#endif
#ifndef LS_IFDIR
#define LS_IFDIR 0040000
#endif
#ifndef LS_IFREG
#define LS_IFREG 0100000
#endif
#ifndef LS_IFLNK
#define LS_IFLNK 0120000
#endif
#ifndef LENXIO
#define LENXIO 6
#endif
#ifndef LENOSPC
#define LENOSPC 28
#endif
/* d_type values of getdents64 (linux/fs_types.h). */
#define VFILE_DT_CHR 2u
#define VFILE_DT_DIR 4u
#define VFILE_DT_REG 8u
#define VFILE_DT_LNK 10u

/* Linux character device numbers (Documentation/admin-guide/devices.txt), as st_rdev holds
 * them: (major << 8) | minor. */
#define VFILE_DEV(major, minor) (((uint32_t)(major) << 8) | (uint32_t)(minor))

/* What a path is. */
struct vfile_stat {
    uint32_t mode; /* LS_IF* | permission bits */
    uint64_t ino;  /* unique within /proc, and within /dev */
    uint32_t nlink;
    uint32_t rdev; /* character devices: VFILE_DEV(major, minor); else 0 */
    int64_t size;  /* 0 for /proc files, as on Linux (their size is known only by reading) */
};

typedef void (*vfile_list_fn)(const char *name, uint32_t type, uint64_t ino, void *arg);

/* ---- /proc (procfs.c) ---------------------------------------------------------------------- */

/* 0, -LENOENT (no such entry, or the process is gone) or -LENOTDIR. */
int64_t procfs_stat(struct linux_thread *t, const char *rest, struct vfile_stat *st);
/* A file's whole content, generated now, into buf (at most cap bytes; cut if longer): its
 * length, or -LEISDIR, -LEINVAL (a link), -LENOENT, -LENOTDIR. */
int64_t procfs_read(struct linux_thread *t, const char *rest, char *buf, size_t cap);
/* A link's target, not NUL-terminated, cut at cap bytes: its length, or -LEINVAL (not a
 * link), -LENOENT (no such entry; exe of a zombie) or -LENOTDIR. */
int64_t procfs_readlink(struct linux_thread *t, const char *rest, char *buf, size_t cap);
/* fn for each entry of a directory: 0, or -LENOTDIR, -LENOENT. */
int64_t procfs_list(struct linux_thread *t, const char *rest, vfile_list_fn fn, void *arg);

/* What procfs asks the rest of the personality:
 * vfile_cwd (vfile.c): p's working directory into buf (at most cap bytes), its length or
 *   -errno. Called with tree_lock held (p stays valid): it may take p->lock, not tree_lock.
 * vfile_fd_target (vfile.c): the target of /proc/<pid>/fd/N for an open file of a kind
 *   procfs does not know (console and pipes it does): a path ("/tmp/x"), its length or
 *   -errno. Called holding a reference to f and no lock. */
int64_t vfile_cwd(struct linux_proc *p, char *buf, size_t cap);
int64_t vfile_fd_target(struct lfile *f, char *buf, size_t cap);

/* ---- /dev (devfs.c) ------------------------------------------------------------------------ */

enum vdev {
    VDEV_NULL = 1, /* 0 is no device: an open file's zeroed field never names one */
    VDEV_ZERO,
    VDEV_FULL,
    VDEV_RANDOM,
    VDEV_URANDOM,
    VDEV_TTY,     /* marker: the caller opens the console */
    VDEV_CONSOLE, /* marker: the caller opens the console */
    VDEV_KMSG,
    VDEV_PTMX, /* stat only: devfs_open refuses it until there are pseudo-terminals */
};

int64_t devfs_stat(struct linux_thread *t, const char *rest, struct vfile_stat *st);
int64_t devfs_readlink(struct linux_thread *t, const char *rest, char *buf, size_t cap);
int64_t devfs_list(struct linux_thread *t, const char *rest, vfile_list_fn fn, void *arg);
/* Which device a /dev name is: an enum vdev, or -LENOENT, -LEISDIR (a directory: list it),
 * -LEINVAL (a link: resolve it first), -LENODEV (ptmx). */
int64_t devfs_open(struct linux_thread *t, const char *rest);
/* Read or write len bytes at guest address va of t's process: the count, or -LEFAULT,
 * -LENOSPC (full), -LEINVAL (a marker device or no device). Reads of null and kmsg are at
 * end of file (0). */
int64_t devfs_read(struct linux_thread *t, uint32_t dev, uint64_t va, uint64_t len);
int64_t devfs_write(struct linux_thread *t, uint32_t dev, uint64_t va, uint64_t len);

/* ---- what procfs needs of proc.c --------------------------------------------------------- */

/* fn for every process that is not free, in pool order. Caller must hold tree_lock. */
void proc_for_each(void (*fn)(struct linux_proc *p, void *arg), void *arg);
/* fn for every thread of p. Caller must hold tree_lock. */
void proc_for_each_thread(struct linux_proc *p, void (*fn)(struct linux_thread *t, void *arg),
                          void *arg);
/* The pid (or tid) handed out last. */
uint32_t proc_last_pid(void);

#endif /* LINUX_VFILES_H */
