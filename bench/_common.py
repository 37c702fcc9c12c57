"""Helpers shared by the benchmark scripts (run from the repository root)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course import Course  # noqa: E402

COURSE = Course.at(ROOT).importable()   # the course of this checkout, resolved once for every benchmark


def _process_table() -> tuple[dict[int, list[int]], dict[int, int]]:
    """(children of each pid, resident bytes of each pid) of every process, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return children, rss


def _is_sandbox(pid: int) -> bool:
    """A sandbox fork server (bubblewrap or ``python -m worker.server``): it and all below it run student code."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = handle.read().split(b"\0")
    except OSError:
        return False
    return argv[0].endswith(b"bwrap") or b"worker.server" in argv


def tree_rss_split(pid: int) -> tuple[int, int, int]:
    """(grading processes together, the largest grading process, sandbox processes together):
    resident memory of ``pid``'s tree, split where a sandbox fork server starts."""
    children, rss = _process_table()
    grading, largest, sandbox = 0, 0, 0
    stack = [(pid, False)]
    while stack:
        current, inside = stack.pop()
        inside = inside or _is_sandbox(current)
        if inside:
            sandbox += rss.get(current, 0)
        else:
            grading += rss.get(current, 0)
            largest = max(largest, rss.get(current, 0))
        stack += [(child, inside) for child in children.get(current, [])]
    return grading, largest, sandbox


class PeakMemory:
    """Samples the memory of this process tree in the background: ``peak`` (the whole tree),
    ``grading_peak`` (the grading processes: this one and the grading workers, outside any
    sandbox), ``grading_largest`` (the largest of them) and ``sandbox_peak``, in bytes."""

    def __init__(self, interval: float = 0.2):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self.grading_peak = self.grading_largest = self.sandbox_peak = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            grading, largest, sandbox = tree_rss_split(os.getpid())
            self.peak = max(self.peak, grading + sandbox)
            self.grading_peak = max(self.grading_peak, grading)
            self.grading_largest = max(self.grading_largest, largest)
            self.sandbox_peak = max(self.sandbox_peak, sandbox)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def corpus_dir(assignment: str) -> Path:
    """The corpus of one of this course's assignments (sample submissions with expectations)."""
    return COURSE.assignment(assignment).corpus_dir
