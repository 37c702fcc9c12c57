"""Ending a submission for certain: find its processes in /proc, kill them race-free, and
remove its scratch folder whatever it holds.

Used by the fork server (inside the sandbox) and by the grader for the fallback sandbox;
standard library only, no recursion (a scratch tree can be thousands of levels deep).
"""

from __future__ import annotations

import os
import signal
import stat
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    uids: tuple[int, ...]     # real, effective, saved, filesystem
    zombie: bool
    rss_bytes: int


def processes() -> dict[int, ProcessInfo]:
    """Every process this /proc shows (but this one), read once."""
    found = {}
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
            uids = tuple(int(u) for u in fields["Uid"].split())
            rss = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
            found[int(entry)] = ProcessInfo(int(entry), int(fields["PPid"]), uids,
                                            fields["State"].strip().startswith("Z"), rss)
        except (OSError, KeyError, ValueError, IndexError):
            continue  # it ended while we looked
    return found


SHARED_MEMORY_FILES = ("/memfd:", "/dev/shm/")


def shared_memory(pid: int, found: dict[tuple[int, int], int]) -> None:
    """Add to ``found`` ({(device, inode): bytes}) the memory files (memfd, /dev/shm) process
    ``pid`` holds open or mapped: they stay in memory without being part of anyone's RSS
    (written with write(), or mapped and not touched), so RLIMIT_AS and RSS miss them."""
    paths = []
    try:
        for name in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{name}").startswith(SHARED_MEMORY_FILES):
                    paths.append(f"/proc/{pid}/fd/{name}")
            except OSError:
                continue
        with open(f"/proc/{pid}/maps") as maps:
            for line in maps:
                if any(kind in line for kind in SHARED_MEMORY_FILES):
                    paths.append(f"/proc/{pid}/map_files/{line.split(' ', 1)[0]}")
    except OSError:
        pass   # it ended while we looked
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        found[(info.st_dev, info.st_ino)] = info.st_blocks * 512


def uids_in_use() -> set[int]:
    return {uid for info in processes().values() for uid in info.uids}


def descendants(root: int, table: dict[int, ProcessInfo]) -> set[int]:
    children: dict[int, list[int]] = {}
    for info in table.values():
        children.setdefault(info.ppid, []).append(info.pid)
    found, stack = set(), [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def kill_exactly(pid: int, still_matches) -> bool:
    """SIGKILL ``pid`` only if the process now at that pid still satisfies ``still_matches``.

    The pidfd pins the process: if it is still alive after the check, the /proc entry we
    checked was its own, not that of a process that reused the pid.
    """
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:
        return False
    try:
        info = processes_one(pid)
        if info is None or not still_matches(info):
            return False
        signal.pidfd_send_signal(pidfd, 0)
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        return True
    except OSError:
        return False
    finally:
        os.close(pidfd)


def processes_one(pid: int) -> ProcessInfo | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return ProcessInfo(pid, int(fields["PPid"]), tuple(int(u) for u in fields["Uid"].split()),
                           fields["State"].strip().startswith("Z"), 0)
    except (OSError, KeyError, ValueError):
        return None


def kill_until_gone(select, *, reap=None, timeout: float = 5.0) -> bool:
    """Kill every live process ``select(info, table)`` picks, pass after pass, until a pass
    finds none (processes that keep forking are caught: a process with SIGKILL pending cannot
    fork, and RLIMIT_NPROC bounds how many there are). ``reap`` collects our own children.
    True when none is left alive (zombies have ended; their parent reaps them)."""
    deadline = time.monotonic() + timeout
    while True:
        if reap:
            reap()
        table = processes()
        alive = [info for info in table.values() if not info.zombie and select(info, table)]
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        for info in alive:
            kill_exactly(info.pid, lambda now, table=table: not now.zombie and select(now, table))
        time.sleep(0.002)


def remove_tree(path: str) -> bool:
    """Remove ``path`` and everything under it, at any depth, whatever its permissions.

    Iterative and fd-relative: one folder is open at a time, the walk goes back up through
    "..", and each folder is listed once, so neither Python's recursion limit, nor path
    length, nor the open-file limit, nor a very wide folder bounds it. Only for trees
    nobody changes any more (their owner's processes are dead). True when the path is gone.
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            os.unlink(path)
            return True
        os.chmod(path, 0o700)
        fd = os.open(path, flags)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    pending: list[list[str]] = []   # per open level: its subfolders still to remove
    names: list[str] = []           # the name of each level below the top, to remove it on the way up

    def enter() -> None:
        folders = []
        for name in os.listdir(fd):
            try:
                if stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                    folders.append(name)
                else:
                    os.unlink(name, dir_fd=fd)
            except FileNotFoundError:
                continue
        pending.append(folders)

    try:
        enter()
        while pending:
            if pending[-1]:
                name = pending[-1].pop()
                try:
                    os.rmdir(name, dir_fd=fd)   # most folders are empty: no need to go down
                    continue
                except OSError:
                    pass
                os.chmod(name, 0o700, dir_fd=fd)
                child = os.open(name, flags, dir_fd=fd)
                os.close(fd)
                fd = child
                names.append(name)
                enter()
                continue
            pending.pop()
            if not pending:
                break
            parent = os.open("..", flags, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir(names.pop(), dir_fd=fd)
    except OSError:
        return False
    finally:
        os.close(fd)
    try:
        os.rmdir(path)
    except OSError:
        return False
    return True
