#!/usr/bin/env bash
# The boot image: vx-mkinitrd packs deterministically (same inputs, same bytes, whatever the
# argument order or the files' times) and refuses bad destinations; `vaelix run` boots with
# the initrd.cpio beside it, logs its size, and the monitor's `initrd` lists what an
# independent reader (Python, below) finds in the file; a corrupt --initrd is reported with
# its reason and boot goes on; a missing --initrd is an error; --no-initrd boots without one.
. "$(dirname "$0")/lib.bash"
: "${VX_MKINITRD:?VX_MKINITRD must name the vx-mkinitrd binary}"
src=$(cd "$(dirname "$0")/../.." && pwd)
initrd=$(dirname "$VAELIX")/initrd.cpio
[ -f "$initrd" ] || { echo "FAIL: $initrd was not built" >&2; exit 1; }

# An independent newc reader: prints "TYPE SIZE /path" per entry, or fails naming the problem.
# It also checks what the packer promises: sorted names, inodes 1..n, mtime, uid, gid 0.
list_cpio() {
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
pos, names, n = 0, [], 0
while True:
    h = data[pos:pos + 110]
    assert h[:6] == b'070701', f'bad magic at {pos}'
    f = [int(h[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
    ino, mode, uid, gid, nlink, mtime, size, namesize = f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[11]
    name = data[pos + 110:pos + 110 + namesize - 1].decode()
    pos = (pos + 110 + namesize + 3) & ~3
    if name == 'TRAILER!!!':
        break
    n += 1
    assert ino == n and uid == 0 and gid == 0 and mtime == 0, f'{name}: ino {ino} uid {uid} gid {gid} mtime {mtime}'
    kind = {0o100000: 'file', 0o040000: 'dir', 0o120000: 'symlink'}[mode & 0o170000]
    names.append(name)
    print(kind, size, '/' + name)
    pos = (pos + size + 3) & ~3
assert names == sorted(names, key=lambda s: s.encode()), 'entries are not sorted'
PY
}

# ---- the packer ------------------------------------------------------------------------------
expected=$out/expected.txt
list_cpio "$initrd" >"$expected" || fail "the built initrd does not read back with an independent reader"
grep -qx "file $(wc -c <"$src/data/services/logd.svc") /data/services/logd.svc" "$expected" ||
    fail "initrd: expected /data/services/logd.svc with the size of data/services/logd.svc"
grep -q " /test/isa/rv64i_alu$" "$expected" || fail "initrd: expected the ISA programs under /test/isa"

mkdir -p "$out/tree/sub"
printf 'one\n' >"$out/tree/a.txt"
printf 'two\n' >"$out/tree/sub/b"
chmod 755 "$out/tree/sub/b"
ln -s ../a.txt "$out/tree/sub/link"
"$VX_MKINITRD" "$out/one.cpio" "data=$src/data" "etc/tree=$out/tree" "bin/prog=$out/tree/sub/b"
expect_status $? 0 "vx-mkinitrd packs a directory, a tree and a file"
touch -d '2001-02-03' "$out/tree/a.txt" "$out/tree/sub/b"
"$VX_MKINITRD" "$out/two.cpio" "/bin/prog=$out/tree/sub/b" "etc/tree=$out/tree" "data=$src/data"
cmp -s "$out/one.cpio" "$out/two.cpio" ||
    fail "vx-mkinitrd: the same inputs in another order, with other mtimes, gave different bytes"
list_cpio "$out/one.cpio" >"$out/one.txt" || fail "vx-mkinitrd output does not read back"
expect_contains "$out/one.txt" "symlink 8 /etc/tree/sub/link" "symlinks are packed as symlinks"
expect_contains "$out/one.txt" "dir 0 /bin" "parent directories get entries"
python3 -c "
import sys; d = open(sys.argv[1], 'rb').read(); i = d.index(b'bin/prog\0')
assert int(d[i - 110 + 14:i - 110 + 22], 16) == 0o100755, 'bin/prog should be 0755'
i = d.index(b'etc/tree/a.txt\0')
assert int(d[i - 110 + 14:i - 110 + 22], 16) == 0o100644, 'a.txt should be 0644'" "$out/one.cpio" ||
    fail "vx-mkinitrd: file modes must be 0755 (executable) or 0644"

# -s DEST=TARGET: a symlink that exists only in the image (vx_initrd_add(... SYMLINK ...)).
"$VX_MKINITRD" "$out/links.cpio" -s bin/ls=box "bin/box=$out/tree/sub/b" -s /etc/motd=../data/motd
expect_status $? 0 "vx-mkinitrd packs -s symlinks"
list_cpio "$out/links.cpio" >"$out/links.txt" || fail "vx-mkinitrd -s output does not read back"
expect_contains "$out/links.txt" "symlink 3 /bin/ls" "-s bin/ls=box is a 3-byte symlink"
expect_contains "$out/links.txt" "symlink 12 /etc/motd" "-s gives the symlink its parent directories"
expect_contains "$out/links.txt" "dir 0 /etc" "-s gives the symlink its parent directories"
python3 -c "
import sys; d = open(sys.argv[1], 'rb').read(); i = d.index(b'bin/ls\0')
start = (i + 7 + 3) & ~3
assert d[start:start + 3] == b'box', 'bin/ls should point to box'" "$out/links.cpio" ||
    fail "vx-mkinitrd: -s bin/ls=box must store the target box"

check_packer_refuses() { # WHAT ARGS... ; expected text in $want
    local what=$1
    shift
    "$VX_MKINITRD" "$out/bad.cpio" "$@" >"$out/mk.log" 2>&1
    expect_status $? 1 "vx-mkinitrd: $what"
    expect_contains "$out/mk.log" "$want" "vx-mkinitrd: $what"
    [ -e "$out/bad.cpio" ] && fail "vx-mkinitrd: $what must not leave an archive behind"
}
want="'..' component"; check_packer_refuses "a .. destination" "../x=$out/tree/a.txt"
want="empty component"; check_packer_refuses "an empty component" "a//b=$out/tree/a.txt"
want="given twice"; check_packer_refuses "a duplicate" "x=$out/tree/a.txt" "x=$out/tree/sub/b"
want="No such file"; check_packer_refuses "a missing source" "x=$out/nonexistent"
want="not DEST=SOURCE"; check_packer_refuses "a bare word" "justaword"
want="is not DEST=TARGET"; check_packer_refuses "-s without a target" -s "bin/x="
want="'..' component"; check_packer_refuses "-s to a .. destination" -s "../x=y"
want="given twice"; check_packer_refuses "-s over a file" "x=$out/tree/a.txt" -s "x=y"

# ---- booting with it -------------------------------------------------------------------------
log=$out/boot.log
printf 'initrd\nhalt 5\n' | timeout 60 "$VAELIX" run --headless --cpus 2 --mem 32M >"$log" 2>&1
expect_status $? 5 "boot with the default initrd"
nfiles=$(grep -c '^file ' "$expected")
kib=$(( ($(stat -c %s "$initrd") + 1023) / 1024 ))
expect_contains "$log" "] initrd: $nfiles files, $kib KiB" "the initrd boot stage"
# The monitor's listing, in the reader's format, must be exactly the reader's list.
sed -n 's/^  \(file\|dir\|symlink\) *\([0-9]*\)  \(\/.*\)$/\1 \2 \3/p' "$log" >"$out/listed.txt"
cmp -s "$expected" "$out/listed.txt" || {
    fail "monitor 'initrd' must list exactly the archive's entries"
    diff "$expected" "$out/listed.txt" | head -20 >&2
}
expect_contains "$log" "$nfiles files, " "monitor 'initrd' summary"

# ---- bad images ------------------------------------------------------------------------------
# Cut in the middle of logd.svc's data.
python3 -c "
import sys; d = open(sys.argv[1], 'rb').read(); i = d.index(b'data/services/logd.svc\0')
data = (i + len('data/services/logd.svc') + 1 + 3) & ~3
open(sys.argv[2], 'wb').write(d[:data + 100])" "$initrd" "$out/truncated.cpio"
log=$out/corrupt.log
printf 'initrd\nhalt 6\n' |
    timeout 60 "$VAELIX" run --headless --mem 32M --initrd "$out/truncated.cpio" >"$log" 2>&1
expect_status $? 6 "a truncated initrd: boot goes on"
expect_contains "$log" "boot: initrd refused (out of range): entry " "a truncated initrd is reported"
expect_contains "$log" "'data/services/logd.svc': $(wc -c <"$src/data/services/logd.svc") bytes of data run past the end of the archive; booting without it" \
    "with its reason"
expect_contains "$log" "] initrd: none" "the stage says there is none"
expect_contains "$log" "no initrd: the machine booted without one" "monitor 'initrd' without one"
expect_contains "$log" "kernel ready" "a truncated initrd: boot reaches the kernel"

python3 -c "
import sys
name = b'../etc/passwd\0'
h = b'070701' + b''.join(b'%08X' % v for v in (1, 0o100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, len(name), 0))
e = h + name; e += b'\0' * (-len(e) % 4)
t = b'TRAILER!!!\0'; th = b'070701' + b''.join(b'%08X' % v for v in (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, len(t), 0))
open(sys.argv[1], 'wb').write(e + th + t + b'\0' * (-(len(e) + 110 + len(t)) % 4))" "$out/evil.cpio"
log=$out/evil.log
timeout 60 "$VAELIX" run --headless --mem 32M --init halt --initrd "$out/evil.cpio" >"$log" 2>&1
expect_status $? 0 "an initrd with a '..' name: boot goes on"
expect_contains "$log" "name '../etc/passwd' has a '..' component" "a '..' name is refused by name"

printf 'not a cpio archive at all\n' >"$out/junk.cpio"
timeout 60 "$VAELIX" run --headless --mem 32M --init halt --quiet --initrd "$out/junk.cpio" >"$log" 2>&1
expect_status $? 0 "junk as initrd, quiet"
expect_contains "$log" "boot: initrd refused (invalid argument): entry 0 at offset 0: bad magic" \
    "a refused initrd is a warning, printed even with --quiet"

"$VAELIX" run --headless --mem 32M --initrd "$out/nonexistent.cpio" >"$log" 2>&1
expect_status $? 2 "a missing --initrd"
expect_contains "$log" "--initrd: cannot read '$out/nonexistent.cpio': No such file or directory" \
    "a missing --initrd names the file"
"$VAELIX" run --headless --mem 32M --initrd >"$log" 2>&1
expect_status $? 2 "--initrd without a value"
expect_contains "$log" "--initrd needs a value" "--initrd without a value"

timeout 60 "$VAELIX" run --headless --mem 32M --init halt --no-initrd >"$log" 2>&1
expect_status $? 0 "--no-initrd"
expect_contains "$log" "] initrd: none given, booting without one" "--no-initrd boots without one"
finish
