/*
 * lib/cpio.h - reading cpio "newc" archives in memory: the boot image (initrd).
 *
 * The format (as Linux's initramfs and GNU cpio -H newc write it): each entry is a 110-byte
 * ASCII header -- the magic "070701" and thirteen 8-digit hexadecimal fields (ino, mode, uid,
 * gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check) --
 * then the name with its NUL (namesize bytes), zero padding to a multiple of 4 bytes from the
 * start of the archive, the data (filesize bytes) and zero padding to 4 again. The entry named
 * "TRAILER!!!" ends the archive; bytes after it (block padding) are ignored.
 *
 * The archive is untrusted: cpio_next validates every field before using it (hex digits, the
 * name's length and its NUL, the padding, the data inside the archive, the file type) and never
 * reads outside [archive, archive + len). A refusal is VX_EINVAL (malformed) or VX_ERANGE (a
 * size reaches past the end of the archive) with a sentence in `why` (CPIO_WHY_BYTES).
 *
 * Entry names are checked by cpio_path_check: the archive's names are relative to the image's
 * root, so leading "/" and "./" are stripped, and ".", ".." or empty components are refused.
 *
 * Nothing here allocates, locks or writes to the archive; entries point into it.
 */
#ifndef LIB_CPIO_H
#define LIB_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vx/status.h"

#define CPIO_HEADER_BYTES 110u
#define CPIO_ALIGN        4u
#define CPIO_NAME_MAX     256u /* longest name, NUL included */
#define CPIO_WHY_BYTES    128u
#define CPIO_TRAILER      "TRAILER!!!"

/* File types (the S_IFMT bits of mode, as POSIX numbers them). */
#define CPIO_MODE_TYPE    0170000u
#define CPIO_MODE_FILE    0100000u
#define CPIO_MODE_DIR     0040000u
#define CPIO_MODE_SYMLINK 0120000u
#define CPIO_MODE_PERM    07777u

enum cpio_type {
    CPIO_FILE = 1, /* data is the file's contents */
    CPIO_DIR,      /* size is 0 */
    CPIO_SYMLINK,  /* data is the link's target (not NUL-terminated) */
};

/* One entry, pointing into the archive. */
struct cpio_entry {
    const char *name;  /* as stored, NUL-terminated; check with cpio_path_check */
    uint32_t name_len; /* strlen(name): namesize - 1 */
    uint32_t mode;     /* type and permission bits */
    enum cpio_type type;
    uint32_t ino;
    const uint8_t *data; /* size bytes */
    uint64_t size;
    uint64_t offset; /* of the entry's header, from the start of the archive */
};

/* Where iteration stands. Fields are private to cpio.c. */
struct cpio_iter {
    const uint8_t *archive;
    uint64_t len;
    uint64_t pos;   /* offset of the next header */
    uint32_t index; /* entries returned so far, for messages */
    bool ended;     /* the trailer was seen */
};

/* Start reading the archive [archive, archive + len). Borrows it until iteration ends. */
void cpio_iter_init(struct cpio_iter *it, const void *archive, uint64_t len);

/* The next entry. Returns VX_OK with *e filled, VX_EEOF at the trailer (and on every call
 * after it), VX_EINVAL or VX_ERANGE for a malformed archive (why says what and where; calling
 * again returns the same error). The name is not path-checked here. */
vx_status_t cpio_next(struct cpio_iter *it, struct cpio_entry *e, char *why);

/* Check an entry name of `len` bytes and find its normal form: leading "/" and "./" removed.
 * "." or "/" alone is the root, whose normal form is empty. Returns VX_EINVAL (with why) for
 * an empty name, a NUL or other control character inside it, an empty component ("a//b", "a/"), a
 * "." or ".." component, or a name longer than CPIO_NAME_MAX - 1. On success *norm and *norm_len
 * point into name. */
vx_status_t cpio_path_check(const char *name, size_t len, const char **norm, size_t *norm_len,
                            char *why);

/* What cpio_validate found. */
struct cpio_summary {
    uint32_t files, dirs, symlinks;
    uint64_t data_bytes; /* sum of the files' sizes */
    uint64_t used_bytes; /* up to and including the trailer; the rest is padding */
};

/* Walk the whole archive: every entry well formed, every name a valid path, the trailer
 * present. Returns VX_OK with *sum filled, or the first error (why says which entry). */
vx_status_t cpio_validate(const void *archive, uint64_t len, struct cpio_summary *sum, char *why);

/* Find the entry whose normal name is `path` (a normal form: no leading "/"). Returns VX_OK,
 * VX_ENOENT if there is none, or the archive's error. The archive should have been validated;
 * entries whose names are not valid paths are skipped. */
vx_status_t cpio_find(const void *archive, uint64_t len, const char *path, struct cpio_entry *e,
                      char *why);

/* Directory listing, one name at a time: the direct child of directory `dir` (a normal form,
 * "" for the root) whose name comes first in byte order after `after` ("" to start), copied
 * into child[CPIO_NAME_MAX] (which must not be `after`). A child is the first component below dir of any entry, so a
 * directory that only deeper entries imply is listed too, and a name is listed once however
 * many entries lie under it. Returns VX_OK, VX_EEOF when no child comes after `after`, or the
 * archive's error. Each call walks the archive: listing n children costs n walks, which is
 * fine for a boot image of a few hundred entries. */
vx_status_t cpio_next_child(const void *archive, uint64_t len, const char *dir, const char *after,
                            char *child, char *why);

#endif /* LIB_CPIO_H */
