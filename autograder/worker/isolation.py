"""Isolating one freshly forked student process before any of its code runs.

Every step must succeed: one that fails raises ``IsolationError`` and the child exits with
``ISOLATION_FAILURE_STATUS`` (the grader records a sandbox fault, never a grade), and the
fork server runs the same steps once at start-up, so a sandbox that cannot isolate never
reports ready. Standard library only (the worker package is all the sandbox sees).

As root (both sandboxes): private network, IPC and mount namespaces; SysV shared memory
capped; a private, size-limited ``/dev/shm``; in the process sandbox the course, ``/tmp``
and the home folders covered (the Python installation and the working folders bound back);
then a uid of its own with no capability left and ``no_new_privs``; finally a seccomp
filter that denies the kernel keyring calls (keys outlive processes and are shared by a
uid, which a later student gets again).
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import struct

from pcpt_portable.errors import AutograderError

ISOLATION_FAILURE_STATUS = 71   # sandbox.client treats it as a sandbox fault
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x08000000, 0x10000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SHM_LIMIT_BYTES = 64 * 1024 * 1024     # SysV segments and /dev/shm files together, per student process
O_PATH = getattr(os, "O_PATH", 0o10000000)

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]


class IsolationError(AutograderError, RuntimeError):
    """One isolation step failed: no student code may run in this process."""

    exit_status = 1


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise IsolationError(f"{what}: {os.strerror(errno)}")


def _mount(source, target: str, fstype, flags: int, data: str | None = None) -> None:
    enc = (lambda s: s.encode() if isinstance(s, str) else s)
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {fstype or ''} on {target}")


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _private_namespaces(as_root: bool) -> None:
    """Network, IPC and mount namespaces of its own: no network, no SysV segment or abstract
    socket shared with the next student, mounts that die with it."""
    flags = CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS
    if not as_root:
        flags |= CLONE_NEWUSER
    _check(_libc.unshare(flags), "cannot give the student process private network, IPC and mount namespaces")
    if not as_root:
        return
    pages = SHM_LIMIT_BYTES // os.sysconf("SC_PAGE_SIZE")
    for name, value in (("shmmax", SHM_LIMIT_BYTES), ("shmall", pages), ("shmmni", 16), ("msgmnb", 65536),
                        ("msgmni", 16)):
        try:
            with open(f"/proc/sys/kernel/{name}", "w") as setting:
                setting.write(str(value))
        except OSError as exc:
            raise IsolationError(f"cannot cap SysV IPC ({name}): {exc.strerror}") from None


def _private_mounts(spec: dict) -> None:
    """Cover what the student may not see; a size-limited /dev/shm of its own."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    hide = sorted({os.path.realpath(p) for p in spec.get("hide") or [] if os.path.isdir(p)}, key=len)
    hide = [p for i, p in enumerate(hide) if not any(_within(p, q) for q in hide[:i])]
    keep = sorted({os.path.realpath(p) for p in spec.get("keep") or [] if os.path.isdir(p)}, key=len)
    keep = [p for i, p in enumerate(keep) if not any(_within(p, q) for q in keep[:i])
            and any(_within(p, h) for h in hide)]
    held = {path: os.open(path, O_PATH | os.O_DIRECTORY) for path in keep}   # reachable once covered
    try:
        for folder in hide:
            _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        for path, fd in held.items():
            os.makedirs(path, mode=0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        for folder in hide:
            _mount(None, folder, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    finally:
        for fd in held.values():
            os.close(fd)
    if spec.get("hide") is not None:
        # The process sandbox's scratch folder is on the host's disk: give it a bounded tmpfs.
        uid = spec.get("uid")
        owner = f",uid={uid},gid={spec.get('gid')}" if uid is not None else ""
        _mount("tmpfs", spec["scratch"], "tmpfs", MS_NOSUID | MS_NODEV,
               f"size={int((spec.get('limits') or {}).get('scratch_bytes') or SHM_LIMIT_BYTES)},mode=0700{owner}")
    os.makedirs("/dev/shm", mode=0o1777, exist_ok=True)
    _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={SHM_LIMIT_BYTES},mode=1777")


def _drop_privileges(uid, gid, max_processes) -> None:
    """Its own uid, no capability left, and no setuid program can give any back (no_new_privs)."""
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "cannot set no_new_privs")
    if os.getuid() == 0 or os.geteuid() == 0:
        if uid is None:
            raise IsolationError("no unprivileged uid to run student code as (the grader is root)")
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    if max_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (max_processes, max_processes))
    if 0 in os.getresuid() or 0 in os.getresgid():
        raise IsolationError("the student process is still root")
    with open("/proc/self/status") as status:
        caps = {line.split(":")[0]: int(line.split()[1], 16) for line in status if line.startswith("Cap")}
    if uid is not None and (caps.get("CapEff") or caps.get("CapPrm")):
        raise IsolationError("the student process still holds capabilities")


# Kernel keyring calls per architecture: (AUDIT_ARCH, add_key, request_key, keyctl, x32 bit).
KEYRING_SYSCALLS = {"x86_64": (0xC000003E, 248, 249, 250, 0x40000000),
                    "aarch64": (0xC00000B7, 217, 218, 219, None)}
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, EPERM = 0x7FFF0000, 0x00050000, 1


def _keyring_filter() -> bytes:
    """A classic BPF program: EPERM for add_key, request_key and keyctl, and for any call
    made through another ABI (32-bit or x32 numbers could name them differently)."""
    machine = platform.machine()
    if machine not in KEYRING_SYSCALLS:
        raise IsolationError(f"no seccomp filter for the {machine} architecture")
    arch, add_key, request_key, keyctl, x32 = KEYRING_SYSCALLS[machine]
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    deny = SECCOMP_RET_ERRNO | EPERM
    program = [(ld, 0, 0, 4)]                                   # A = arch
    checks = [(jge, x32)] if x32 else []
    checks += [(jeq, add_key), (jeq, request_key), (jeq, keyctl)]
    # Offsets count from the next instruction to the final "deny".
    program.append((jeq, 0, 1 + len(checks) + 1, arch))          # other arch: deny
    program.append((ld, 0, 0, 0))                               # A = syscall number
    for number, (op, k) in enumerate(checks):
        program.append((op, len(checks) - number, 0, k))        # match: jump over the rest and "allow"
    program += [(ret, 0, 0, SECCOMP_RET_ALLOW), (ret, 0, 0, deny)]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in program)


def _deny_keyrings() -> None:
    code = _keyring_filter()
    buffer = ctypes.create_string_buffer(code, len(code))

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = Program(len(code) // 8, ctypes.addressof(buffer))
    _check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0),
           "cannot install the seccomp filter")


def isolate(spec: dict) -> None:
    """Every isolation step, in order, for a freshly forked child (raises IsolationError)."""
    as_root = os.geteuid() == 0
    if as_root:
        _private_namespaces(as_root=True)
        _private_mounts(spec)
    elif spec.get("hide") is not None:
        # The process sandbox without root: student code runs as the grader's own user (who
        # can read what it can), but never with network: a user namespace gives it its own.
        _private_namespaces(as_root=False)
    # (bubblewrap without root: the server's own user, network and IPC namespaces hold it.)
    _drop_privileges(spec.get("uid"), spec.get("gid"), (spec.get("limits") or {}).get("processes"))
    _deny_keyrings()
