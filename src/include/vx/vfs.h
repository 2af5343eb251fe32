/*
 * vx/vfs.h - the file system protocol: what the `vfs` server (src/servers/vfs) answers on its
 * channels. docs/vfs.md explains it with examples.
 *
 * Capability style: every open node (file, directory, symlink, device node) is its own
 * channel to the server, and holding the channel is the right to use the node as it was
 * opened. The server's bootstrap channel is a connection to the root directory "/". OPEN and
 * CLONE reply with a new channel endpoint (one handle in the reply). Closing the endpoint
 * closes the node; the server notices PEER_CLOSED and forgets the connection.
 *
 * Every request is a vx_channel_call: it starts with struct vx_vfs_req {txid, op} and every
 * reply with struct vx_vfs_rep {txid, status}, little-endian. status >= 0 is success (a byte
 * or entry count where the op says so, else 0); status < 0 is a negated *Linux* errno value
 * (VX_VFS_ENOENT = -2, ...), not a VX_E* code: the only client is the Linux personality, and
 * POSIX error fidelity (ENOTDIR, EISDIR, ENOTEMPTY, ELOOP, ...) matters more than a mapping.
 * On failure the reply is just the header (and carries no handle).
 *
 * The server keeps no file offset: READ and WRITE carry explicit offsets; the client keeps the
 * offset (so that it can share it between forked processes itself).
 *
 * Path ops (OPEN .. ACCESS) use struct vx_vfs_path_req followed by one or two strings, each
 * NUL-terminated, which must fill the rest of the message exactly. A path is relative to the
 * connection's node (which must then be a directory: else -ENOTDIR), or absolute when it
 * starts with '/' (from the server's root; any connection may use one). ".." at the root
 * stays at the root; ".." crosses mount points. Symlinks are followed, at most
 * VX_VFS_SYMLOOP_MAX of them per call (-ELOOP). A component longer than VX_VFS_NAME_MAX bytes
 * or a path of VX_VFS_PATH_MAX bytes or more (NUL included) is -ENAMETOOLONG. Where one
 * component is required it must not contain '/'.
 *
 * Permissions: path ops carry the caller's credentials (cred); the server checks search (x)
 * permission on every directory it walks, write+search on a directory it changes, the sticky
 * bit, and read/write permission at OPEN, with the classic owner/group/other bits. uid 0 may
 * do anything except execute a file with no x bit (ACCESS X_OK). Supplementary groups are not
 * known to the server: the client may pass the group that grants access.
 *
 *   op           on     request (after the header)            reply (after the header)
 *   OPEN         dir    path_req: flags = VX_VFS_O_*, mode;   node_rep + 1 handle (the new
 *                       path                                  connection); status 0
 *   STAT_AT      dir    path_req: flags = AT_SYMLINK_NOFOLLOW, node_rep (token 0)
 *                       AT_EMPTY_PATH; path
 *   MKDIR        dir    path_req: mode; path                  -
 *   MKNOD        dir    path_req: mode (S_IFREG/FIFO/CHR/BLK/ -
 *                       SOCK | perm), arg = rdev; path
 *   UNLINK       dir    path_req: flags = AT_REMOVEDIR; path  -
 *   RENAME       dir    path_req: flags = RENAME_NOREPLACE |  -
 *                       RENAME_EXCHANGE, arg = token of the
 *                       new path's base (0: this connection);
 *                       old path, new path
 *   LINK         dir    path_req: flags = AT_SYMLINK_FOLLOW,  -
 *                       arg = token as for RENAME; existing
 *                       path, new path
 *   SYMLINK      dir    path_req: target, path                -
 *   READLINK     dir    path_req: path (flags AT_EMPTY_PATH   status = n; n bytes of target
 *                       with "" reads the connection's link)  (no NUL)
 *   ACCESS       dir    path_req: mode = R_OK|W_OK|X_OK or    -
 *                       F_OK, flags = AT_SYMLINK_NOFOLLOW;
 *                       path
 *   READDIR      dir    readdir_req: cookie, max_bytes        status = n entries, packed
 *                                                             vx_vfs_dirent records
 *   READ         any    io_req: offset, len (<= IO_MAX)       status = n; n bytes
 *   WRITE        any    io_req: offset, flags (APPEND), len = write_rep: status = n, size
 *                       the count of bytes that follow
 *   STAT         any    -                                     node_rep (token = this conn's)
 *   SETATTR      any    setattr_req                           node_rep (the new stat)
 *   SYNC         any    -                                     -
 *   STATFS       any    -                                     statfs_rep
 *   CLONE        any    -                                     node_rep + 1 handle
 *   BOOTFS_LOAD  root   - ; 1 handle: the boot image VMO      status = entries copied
 *
 * Tokens: OPEN, CLONE and STAT reply with the connection's token, a 64-bit number the server
 * chose at random. RENAME and LINK name the base directory of their second path by a token,
 * so renameat(olddirfd, .., newdirfd, ..) works across two connections without a handle in the
 * message, and without giving anyone a directory they were not given (a token is as hard to
 * guess as a handle is to forge).
 *
 * Rights: a connection opened with O_RDONLY may READ (and READDIR), O_WRONLY may WRITE (and
 * truncate with SETATTR), O_RDWR both, O_PATH neither (-EBADF). Other ops work on any
 * connection. Directories cannot be opened for writing (-EISDIR).
 *
 * READDIR: entries come in a stable order. cookie 0 starts with ".", then "..", then the
 * directory's entries; each record carries the cookie of the entry after it (its d_off), so a
 * client resumes with any record's next cookie, and entries added or removed meanwhile do not
 * make others appear twice or vanish. status 0 means the end. max_bytes too small for one
 * record is -EINVAL.
 *
 * BOOTFS_LOAD: only on the bootstrap (root) connection, and once: copies the boot image
 * (vx_bootfs_open) into "/" (files under bin/ get mode 0755, others 0644, directories 0755,
 * symlinks stay symlinks). A server started as a builtin has no bootfs handle of its own: its
 * starter sends one this way. A second load is -EBUSY.
 *
 * Malformed requests (short, unknown op, bad lengths, strings not NUL-terminated or not
 * filling the message, a '/' in a single component, unknown flag bits, a reply that would not
 * fit) get -EINVAL; handles sent where none are expected are closed.
 */
#ifndef VX_VFS_H
#define VX_VFS_H

#include <stdint.h>

/* Ops. */
#define VX_VFS_OP_OPEN        1u
#define VX_VFS_OP_STAT_AT     2u
#define VX_VFS_OP_MKDIR       3u
#define VX_VFS_OP_MKNOD       4u
#define VX_VFS_OP_UNLINK      5u
#define VX_VFS_OP_RENAME      6u
#define VX_VFS_OP_LINK        7u
#define VX_VFS_OP_SYMLINK     8u
#define VX_VFS_OP_READLINK    9u
#define VX_VFS_OP_ACCESS      10u
#define VX_VFS_OP_READDIR     11u
#define VX_VFS_OP_READ        20u
#define VX_VFS_OP_WRITE       21u
#define VX_VFS_OP_STAT        22u
#define VX_VFS_OP_SETATTR     23u
#define VX_VFS_OP_SYNC        24u
#define VX_VFS_OP_STATFS      25u
#define VX_VFS_OP_CLONE       26u
#define VX_VFS_OP_BOOTFS_LOAD 30u

/* Limits. */
#define VX_VFS_NAME_MAX    255u  /* bytes in one path component */
#define VX_VFS_PATH_MAX    4096u /* bytes in a path, NUL included */
#define VX_VFS_SYMLOOP_MAX 40u   /* symlinks followed in one resolution */
#define VX_VFS_MSG_MAX     65536u
#define VX_VFS_IO_MAX      (VX_VFS_MSG_MAX - 8u) /* bytes one READ returns */

/* Errors: negated Linux errno values (asm-generic/errno-base.h, errno.h numbering). */
#define VX_VFS_EPERM        (-1)
#define VX_VFS_ENOENT       (-2)
#define VX_VFS_EIO          (-5)
#define VX_VFS_EBADF        (-9)
#define VX_VFS_ENOMEM       (-12)
#define VX_VFS_EACCES       (-13)
#define VX_VFS_EBUSY        (-16)
#define VX_VFS_EEXIST       (-17)
#define VX_VFS_EXDEV        (-18)
#define VX_VFS_ENOTDIR      (-20)
#define VX_VFS_EISDIR       (-21)
#define VX_VFS_EINVAL       (-22)
#define VX_VFS_EMFILE       (-24)
#define VX_VFS_EFBIG        (-27)
#define VX_VFS_ENOSPC       (-28)
#define VX_VFS_EROFS        (-30)
#define VX_VFS_EMLINK       (-31)
#define VX_VFS_ERANGE       (-34)
#define VX_VFS_ENAMETOOLONG (-36)
#define VX_VFS_ENOSYS       (-38)
#define VX_VFS_ENOTEMPTY    (-39)
#define VX_VFS_ELOOP        (-40)
#define VX_VFS_EOVERFLOW    (-75)
#define VX_VFS_EOPNOTSUPP   (-95)

/* OPEN flags: Linux's values (asm-generic/fcntl.h). Bits not listed are the client's business
 * (O_APPEND, O_NONBLOCK, O_CLOEXEC, O_NOCTTY, ...) and ignored. */
#define VX_VFS_O_RDONLY    00u
#define VX_VFS_O_WRONLY    01u
#define VX_VFS_O_RDWR      02u
#define VX_VFS_O_ACCMODE   03u
#define VX_VFS_O_CREAT     0100u
#define VX_VFS_O_EXCL      0200u
#define VX_VFS_O_TRUNC     01000u
#define VX_VFS_O_DIRECTORY 0200000u
#define VX_VFS_O_NOFOLLOW  0400000u
#define VX_VFS_O_PATH      010000000u

/* *at flags (Linux's values). */
#define VX_VFS_AT_SYMLINK_NOFOLLOW 0x100u
#define VX_VFS_AT_REMOVEDIR        0x200u
#define VX_VFS_AT_SYMLINK_FOLLOW   0x400u
#define VX_VFS_AT_EMPTY_PATH       0x1000u

/* RENAME flags (Linux's renameat2 values). */
#define VX_VFS_RENAME_NOREPLACE 1u
#define VX_VFS_RENAME_EXCHANGE  2u

/* ACCESS modes. */
#define VX_VFS_F_OK 0u
#define VX_VFS_X_OK 1u
#define VX_VFS_W_OK 2u
#define VX_VFS_R_OK 4u

/* WRITE flags. */
#define VX_VFS_WRITE_APPEND 1u /* write at the end of the file (offset ignored) */

/* Mode bits (Linux's, as st_mode has them). */
#define VX_VFS_S_IFMT   0170000u
#define VX_VFS_S_IFSOCK 0140000u
#define VX_VFS_S_IFLNK  0120000u
#define VX_VFS_S_IFREG  0100000u
#define VX_VFS_S_IFBLK  0060000u
#define VX_VFS_S_IFDIR  0040000u
#define VX_VFS_S_IFCHR  0020000u
#define VX_VFS_S_IFIFO  0010000u
#define VX_VFS_S_ISUID  04000u
#define VX_VFS_S_ISGID  02000u
#define VX_VFS_S_ISVTX  01000u
#define VX_VFS_S_PERM   07777u

/* Directory entry types (Linux's DT_*). */
#define VX_VFS_DT_UNKNOWN 0u
#define VX_VFS_DT_FIFO    1u
#define VX_VFS_DT_CHR     2u
#define VX_VFS_DT_DIR     4u
#define VX_VFS_DT_BLK     6u
#define VX_VFS_DT_REG     8u
#define VX_VFS_DT_LNK     10u
#define VX_VFS_DT_SOCK    12u

/* SETATTR: which fields to change. */
#define VX_VFS_SET_MODE   (1u << 0) /* permission bits of mode (the type stays) */
#define VX_VFS_SET_UID    (1u << 1)
#define VX_VFS_SET_GID    (1u << 2)
#define VX_VFS_SET_SIZE   (1u << 3) /* truncate or extend with zeros; needs a writable conn */
#define VX_VFS_SET_ATIME  (1u << 4) /* atime; nsec may be UTIME_NOW or UTIME_OMIT */
#define VX_VFS_SET_MTIME  (1u << 5)
#define VX_VFS_SET_ALL    0x3fu
#define VX_VFS_UTIME_NOW  ((1u << 30) - 1u) /* Linux's UTIME_NOW: the server's clock */
#define VX_VFS_UTIME_OMIT ((1u << 30) - 2u) /* leave this time as it is */

struct vx_vfs_req {
    uint32_t txid; /* set by vx_channel_call */
    uint32_t op;   /* VX_VFS_OP_* */
};

struct vx_vfs_rep {
    uint32_t txid;
    int32_t status; /* >= 0: success (a count where the op says so); < 0: -errno */
};

/* Who asks (the personality's view of the calling process). */
struct vx_vfs_cred {
    uint32_t uid;
    uint32_t gid;
};

struct vx_vfs_time {
    int64_t sec; /* since 1970-01-01 00:00 UTC */
    uint32_t nsec;
    uint32_t reserved; /* 0 */
};

struct vx_vfs_stat {
    uint64_t dev; /* one number per mounted file system */
    uint64_t ino;
    uint32_t mode; /* type and permission bits (VX_VFS_S_*) */
    uint32_t nlink;
    uint32_t uid;
    uint32_t gid;
    uint64_t rdev;
    uint64_t size;   /* bytes; a symlink: its target's length */
    uint64_t blocks; /* 512-byte units actually stored (holes take none) */
    uint32_t blksize;
    uint32_t reserved;
    struct vx_vfs_time atime, mtime, ctime;
};

struct vx_vfs_statfs {
    uint64_t type; /* a magic number per file system type (tmpfs: 0x01021994, as Linux) */
    uint64_t bsize;
    uint64_t blocks, bfree, bavail; /* in bsize units */
    uint64_t files, ffree;
    uint64_t fsid;
    uint64_t namelen;
    uint64_t frsize;
    uint64_t flags;
};

/* OPEN, STAT_AT, MKDIR, MKNOD, UNLINK, RENAME, LINK, SYMLINK, READLINK, ACCESS. One or two
 * NUL-terminated strings follow and fill the message. */
struct vx_vfs_path_req {
    struct vx_vfs_req h;
    uint32_t flags;
    uint32_t mode;
    struct vx_vfs_cred cred;
    uint64_t arg; /* MKNOD: rdev; RENAME, LINK: the new path's base token (0: this conn) */
};

/* OPEN, STAT_AT, STAT, SETATTR, CLONE. */
struct vx_vfs_node_rep {
    struct vx_vfs_rep h;
    uint64_t token; /* OPEN, CLONE: the new connection's; STAT: this one's; else 0 */
    struct vx_vfs_stat st;
};

struct vx_vfs_readdir_req {
    struct vx_vfs_req h;
    uint32_t max_bytes; /* room for records; at most VX_VFS_IO_MAX */
    uint32_t reserved;  /* 0 */
    uint64_t cookie;    /* 0 to start, else a record's next */
};

/* One READDIR record: this header, the name, a NUL, zeros up to a multiple of 8 (reclen). */
struct vx_vfs_dirent {
    uint64_t ino;
    uint64_t next; /* the cookie that resumes after this entry (d_off) */
    uint16_t reclen;
    uint8_t type; /* VX_VFS_DT_* */
    uint8_t reserved;
    uint16_t name_len; /* without the NUL */
    uint16_t reserved2;
};

/* READ and WRITE (the bytes of a WRITE follow it). */
struct vx_vfs_io_req {
    struct vx_vfs_req h;
    uint32_t len;   /* READ: bytes wanted (<= VX_VFS_IO_MAX); WRITE: bytes that follow */
    uint32_t flags; /* WRITE: VX_VFS_WRITE_APPEND; READ: 0 */
    uint64_t offset;
};

struct vx_vfs_write_rep {
    struct vx_vfs_rep h;
    uint64_t size; /* the file's size after the write */
};

struct vx_vfs_setattr_req {
    struct vx_vfs_req h;
    uint32_t valid; /* VX_VFS_SET_* */
    uint32_t mode;
    struct vx_vfs_cred cred;
    uint32_t uid, gid;
    uint64_t size;
    struct vx_vfs_time atime, mtime;
};

struct vx_vfs_statfs_rep {
    struct vx_vfs_rep h;
    struct vx_vfs_statfs st;
};

_Static_assert(sizeof(struct vx_vfs_req) == 8, "vfs request header is 8 bytes");
_Static_assert(sizeof(struct vx_vfs_rep) == 8, "vfs reply header is 8 bytes");
_Static_assert(sizeof(struct vx_vfs_time) == 16, "vfs time is 16 bytes");
_Static_assert(sizeof(struct vx_vfs_stat) == 112, "vfs stat is 112 bytes");
_Static_assert(sizeof(struct vx_vfs_statfs) == 88, "vfs statfs is 88 bytes");
_Static_assert(sizeof(struct vx_vfs_path_req) == 32, "vfs path request is 32 bytes");
_Static_assert(sizeof(struct vx_vfs_node_rep) == 128, "vfs node reply is 128 bytes");
_Static_assert(sizeof(struct vx_vfs_readdir_req) == 24, "vfs readdir request is 24 bytes");
_Static_assert(sizeof(struct vx_vfs_dirent) == 24, "vfs dirent header is 24 bytes");
_Static_assert(sizeof(struct vx_vfs_io_req) == 24, "vfs io request is 24 bytes");
_Static_assert(sizeof(struct vx_vfs_write_rep) == 16, "vfs write reply is 16 bytes");
_Static_assert(sizeof(struct vx_vfs_setattr_req) == 72, "vfs setattr request is 72 bytes");
_Static_assert(sizeof(struct vx_vfs_statfs_rep) == 96, "vfs statfs reply is 96 bytes");

#endif /* VX_VFS_H */
