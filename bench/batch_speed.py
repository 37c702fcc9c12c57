"""Batch speed: our batch (local pool and Dask) against ``nbgrader autograde`` on the same submissions.

Prints, from one run on this machine:
- where a submission's time goes inside a warm grader: process start, cells, the student's
  own compute (each call's time inside the function, untraced), tracing (the extra time
  of the calls whose check asks how a result was computed: each such call is run once
  more in the same process, untraced, and not counted in the total), moving arguments
  and results across the sandbox boundary, comparisons, diagnosis, reference look-ups,
  writing the result, the rest (pytest's protocol, checks' own code);
- the limit: the same calls, untraced, in this process (no sandbox, no checks), and the
  ratio total / limit;
- stock ``nbgrader autograde`` wall time (a course copy with nbgrader's own Execute, not our config); ours with the local pool (first batch: reference warm-up;
  second batch: saved reference results), on a Dask ``LocalCluster`` with 1 and 2 workers
  (fresh workers), and a second Dask batch on the same, warm, 2 workers (the asymptote);
- the speed-ups, Dask's overhead per task against the local pool, and the capacity
  figures (submissions per hour per worker core; workers for 10,000 in 30 minutes).

``--capacity`` instead grades N corpus submissions of every assignment in one warm grader
(one core) and prints the capacity table: submissions per hour per worker core, and the
workers a 10,000-submission deadline needs to finish in 30 minutes.

Usage: python bench/batch_speed.py [--assignment autograd_descent] [--students 8] [--no-nbgrader]
       python bench/batch_speed.py --capacity [--students 8]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from _common import COURSE, ROOT, Timer, corpus_dir  # noqa: F401 - puts the project on sys.path

from autograder import expectations, reference_cache, reference_runner
from autograder.batch import run_batch
from autograder.grade import Grader
from autograder.release import copy_course, run_nbgrader
from autograder.runner import CheckSession

from autograder.samples import write_sample
from autograder.sandbox import client as sandbox_client
from autograder.settings import Settings
from autograder.submission import InProcessSubmission, SandboxedSubmission
from autograder.variants import hidden_variants
from autograder.worker import server as worker_server
from autograder.sinks import files as result_files

PHASES = ("process start", "cells", "student compute", "tracing", "call transport", "comparisons", "diagnosis",
          "reference look-ups", "writing", "rest (pytest, checks)")

def make_submitted(folder: Path, assignment: str, students: int) -> Path:
    cases = sorted(corpus_dir(assignment).glob("*.py"))
    correct = [c for c in cases if c.stem.startswith("correct")]
    others = [c for c in cases if c not in correct]
    chosen = (correct + others)[:students]
    while len(chosen) < students:
        chosen += chosen[: students - len(chosen)]
    for number, case in enumerate(chosen):
        write_sample(case, COURSE.assignment(assignment),
                     folder / f"s{number:03d}" / assignment / f"{assignment}.ipynb")
    return folder

# nbgrader as it ships: its own Execute preprocessor runs the whole notebook, hidden test cells
# included, in a kernel. This course's nbgrader_config.py routes `nbgrader autograde` through our
# grader, so timing it there would time us against ourselves.
STOCK_NBGRADER_CONFIG = """c = get_config()  # noqa: F821
import os
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "pcpt-autograd"
c.ExecutePreprocessor.timeout = 600
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}
"""


def nbgrader_autograde(submitted: Path, assignment: str, scratch: Path) -> float:
    """Wall time of stock ``nbgrader autograde`` (no course config) on the same submissions."""
    course = copy_course(scratch / "course", ROOT)
    (course / "nbgrader_config.py").write_text(STOCK_NBGRADER_CONFIG)
    shutil.copytree(submitted, course / "submitted")
    done = run_nbgrader(["generate_assignment", assignment, "--force"], course)
    assert done.returncode == 0, done.stderr[-1000:]
    with Timer() as timer:
        done = run_nbgrader(["autograde", assignment, "--create", "--force"], course)
    assert done.returncode == 0, done.stderr[-1000:]
    return timer.seconds

class PhaseClock:
    """Exclusive time per phase: a phase running inside another is not counted twice.

    Time under the phase ``EXCLUDED`` (the untraced repeat of a traced call) is nobody's:
    the calls inside it are not counted, and the submission's total leaves it out.
    """

    EXCLUDED = "untraced repeat"

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.student = 0.0
        self.stack: list[list] = []
        self.originals: list[tuple] = []

    def restore(self) -> None:
        for owner, name, original in reversed(self.originals):
            setattr(owner, name, original)

    def wrap(self, owner, name: str, phase):
        original = getattr(owner, name)
        self.originals.append((owner, name, original))

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if self.inside(self.EXCLUDED):
                return original(*args, **kwargs)
            return self.timed(phase() if callable(phase) else phase, original, *args, **kwargs)

        setattr(owner, name, timed)

    def timed(self, label: str, function, *args, **kwargs):
        frame = [label, 0.0]
        self.stack.append(frame)
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            self.stack.pop()
            self.seconds[label] += spent - frame[1]
            if self.stack:
                self.stack[-1][1] += spent
        if label == "call transport":   # a student call: its own time inside the function is the student's
            self.student += result.seconds
        return result

    def inside(self, label: str) -> bool:
        return any(frame[0] == label for frame in self.stack)


@dataclass
class StudentCall:
    function: str
    args: tuple
    kwargs: dict
    options: dict                  # the call's other options (a gradient check's ``vjp``)
    ok: bool
    seconds: float                 # inside the function, as the student process measured it
    untraced: float | None = None  # a traced call's time when run again untraced (None: not traced)


class CallLog:
    """Every student call of each submission; a traced call is run once more, untraced, in the
    same process (timed under ``PhaseClock.EXCLUDED``), which splits tracing from compute."""

    def __init__(self, clock: PhaseClock):
        self.clock = clock
        self.by_submission: dict[int, tuple[list, list[StudentCall]]] = {}
        original = SandboxedSubmission.call
        clock.originals.append((SandboxedSubmission, "call", original))

        @functools.wraps(original)
        def logged(submission, function, args=(), kwargs=None, *, trace=False, **options):
            result = original(submission, function, args, kwargs, trace=trace, **options)
            call = StudentCall(function, tuple(args), dict(kwargs or {}), options, result.ok, result.seconds)
            if trace and result.ok:
                again = clock.timed(clock.EXCLUDED, original, submission, function, args, kwargs, trace=False,
                                    **options)
                call.untraced = again.seconds if again.ok else result.seconds
            self.by_submission.setdefault(id(submission), (list(submission.cells), []))[1].append(call)
            return result

        SandboxedSubmission.call = logged

    def compute(self) -> float:
        return sum(c.seconds if c.untraced is None else c.untraced for _, calls in self.submissions() for c in calls)

    def tracing(self) -> float:
        return sum(c.seconds - c.untraced for _, calls in self.submissions() for c in calls if c.untraced is not None)

    def submissions(self):
        return self.by_submission.values()

    def by_function(self) -> dict[str, tuple[int, float]]:
        """(calls, untraced seconds) of each graded function, over every submission."""
        found: dict[str, list] = defaultdict(lambda: [0, 0.0])
        for _, calls in self.submissions():
            for c in calls:
                found[c.function][0] += 1
                found[c.function][1] += c.seconds if c.untraced is None else c.untraced
        return {name: (count, seconds) for name, (count, seconds) in found.items()}


def in_process_limit(log: CallLog, assignment: str) -> float:
    """Seconds of the logged calls run again untraced in this process (each submission's cells
    run first in a fresh namespace): what grading would cost with no sandbox and no checks."""
    main_module = sys.modules["__main__"]   # IPython's shell installs its own (multiprocessing's spawn needs ours)
    try:
        return _in_process_limit(log, assignment)
    finally:
        sys.modules["__main__"] = main_module


def _in_process_limit(log: CallLog, assignment: str) -> float:
    shell = worker_server._preload({"threads": 1})   # the student process's own set-up
    total = 0.0
    for cells, calls in log.submissions():
        shell.reset(new_session=False)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for cell in cells:
                try:   # a cell that fails is the student's (a corpus case may hold a broken one), as in the sandbox
                    exec(compile(shell.transform_cell(cell.source), f"<cell {cell.index}>", "exec"), shell.user_ns)
                except Exception:  # noqa: BLE001
                    continue
        submission = InProcessSubmission(shell.user_ns, COURSE.assignment(assignment))
        for call in (c for c in calls if c.ok):
            result = submission.call(call.function, call.args, call.kwargs, **call.options)
            assert result.ok, (call.function, result.error)
            total += result.seconds
    return total


def breakdown(submitted: Path, assignment: str, scratch: Path) -> dict:
    """Grade every submission in this process with one warm grader, timing each phase."""
    settings = Settings(device="cpu")
    variants = hidden_variants(settings, COURSE)
    key = reference_cache.cache_key(COURSE.assignment(assignment), "cpu", settings.seed, inputs={"variant_key": variants.key})
    with CheckSession.open(COURSE.assignment(assignment), device="cpu", seed=settings.seed) as checks:
        reference_cache.warm_reference(checks, scratch / "breakdown.pt", key, variants, list(range(variants.count)))
    clock = PhaseClock()
    in_diagnosis = lambda default: lambda: "diagnosis" if clock.inside("diagnosis") else default  # noqa: E731
    clock.wrap(sandbox_client.ForkServer, "spawn", "process start")
    clock.wrap(sandbox_client.StudentProcess, "run_cell", "cells")
    clock.wrap(sandbox_client.StudentProcess, "call", "call transport")
    clock.wrap(expectations, "diagnose", "diagnosis")
    clock.wrap(expectations, "compare", in_diagnosis("comparisons"))
    clock.wrap(reference_runner.ReferenceRunner, "call", in_diagnosis("reference look-ups"))
    clock.wrap(reference_runner.ReferenceRunner, "variant", in_diagnosis("reference look-ups"))
    clock.wrap(result_files, "write_result", "writing")
    log = CallLog(clock)
    totals = []
    try:
        with Grader.open(COURSE.assignment(assignment), settings) as grader:
            grader.checks.reference_runner.load(scratch / "breakdown.pt")   # as a batch's worker does
            for folder in sorted(submitted.iterdir()):
                started, repeats = time.perf_counter(), clock.seconds[clock.EXCLUDED]
                result = grader.grade(folder / assignment / f"{assignment}.ipynb", folder.name)
                result_files.write_result(scratch / "breakdown", result)
                totals.append(time.perf_counter() - started - (clock.seconds[clock.EXCLUDED] - repeats))
    finally:
        clock.restore()
    count, total = len(totals), sum(totals)
    phases = {phase: clock.seconds.get(phase, 0.0) / count for phase in PHASES}
    phases["call transport"] -= clock.student / count
    phases["student compute"] = log.compute() / count
    phases["tracing"] = log.tracing() / count
    phases["rest (pytest, checks)"] = total / count - sum(v for k, v in phases.items() if k != "rest (pytest, checks)")
    return {"phases": phases, "total": total / count, "student": clock.student / count,
            "limit": in_process_limit(log, assignment) / count,
            "functions": {name: (calls / count, seconds / count)
                          for name, (calls, seconds) in log.by_function().items()}}

def ours(submitted: Path, assignment: str, out: Path, **settings):
    with Timer() as timer:
        summary = run_batch(submitted, COURSE.assignment(assignment), Settings(device="cpu", **settings), out, force=True)
    return timer.seconds, summary

def on_dask(submitted: Path, assignment: str, out: Path, workers: int, cache: Path, again: bool = False):
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        first = ours(submitted, assignment, out, scheduler=cluster.scheduler_address, reference_cache=str(cache))
        second = ours(submitted, assignment, out, scheduler=cluster.scheduler_address,
                      reference_cache=str(cache)) if again else None
    return first, second

def capacity(students: int) -> None:
    print(f"| assignment | s per submission (one warm worker core) | submissions / hour / core | "
          f"workers for 10,000 in 30 min |\n| --- | --- | --- | --- |")
    for assignment in COURSE.assignments:
        scratch = Path(tempfile.mkdtemp(prefix="pcpt-capacity-"))
        submitted = make_submitted(scratch / "submitted", assignment, students)
        seconds = breakdown(submitted, assignment, scratch)["total"]
        per_hour = 3600 / seconds
        print(f"| `{assignment}` | {seconds:.2f} | {per_hour:.0f} | {math.ceil(10_000 / (per_hour / 2))} |")
        shutil.rmtree(scratch, ignore_errors=True)

def _echo(notebook: bytes, result: str) -> str:
    return result

def dask_task_overhead(submitted: Path, assignment: str, tasks: int = 100) -> float:
    """Seconds Dask adds per task, measured alone: tasks that carry a notebook's bytes and
    return a result-sized JSON text, with nothing to grade, queued on one warm worker."""
    from distributed import Client, LocalCluster, wait

    notebook = next(submitted.glob(f"*/{assignment}/{assignment}.ipynb")).read_bytes()
    result = next((submitted.parent / "breakdown" / "results").glob("*.json")).read_text()
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.submit(_echo, b"", "", pure=False).result()
        with Timer() as timer:   # all queued at once, as a batch submits them: the cost in throughput
            wait([client.submit(_echo, notebook, result, pure=False) for _ in range(tasks)])
    return timer.seconds / tasks

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="autograd_descent")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--no-nbgrader", action="store_true", help="skip nbgrader autograde (slow)")
    parser.add_argument("--capacity", action="store_true", help="only the capacity table, every assignment")
    parser.add_argument("--task-overhead", action="store_true", help="only Dask's own cost per task")
    args = parser.parse_args()
    if args.capacity:
        return capacity(args.students)
    if args.task_overhead:
        scratch = Path(tempfile.mkdtemp(prefix="pcpt-bench-"))
        submitted = make_submitted(scratch / "submitted", args.assignment, args.students)
        parts = breakdown(submitted, args.assignment, scratch)
        per_task = dask_task_overhead(submitted, args.assignment)
        print(f"Dask's own cost per task: {1000 * per_task:.1f} ms, "
              f"{100 * per_task / parts['total']:.2f} % of a submission's grading ({parts['total']:.2f} s)")
        return shutil.rmtree(scratch, ignore_errors=True)
    n, assignment = args.students, args.assignment
    scratch = Path(tempfile.mkdtemp(prefix="pcpt-bench-"))
    submitted = make_submitted(scratch / "submitted", assignment, n)
    print(f"{n} submissions of {assignment} (corpus cases), {scratch}")
    print(f"load average before the run: {os.getloadavg()} (ratios between a one-process and a many-process "
          "side are only meaningful on a quiet machine)")

    parts = breakdown(submitted, assignment, scratch)
    print("\nper submission inside a warm grader (mean):")
    for phase, seconds in parts["phases"].items():
        print(f"  {phase:24s} {1000 * seconds:8.1f} ms  {100 * seconds / parts['total']:5.1f} %")
    print(f"  {'total':24s} {1000 * parts['total']:8.1f} ms")
    print(f"limit (the same calls untraced, in this process, no sandbox or checks): {1000 * parts['limit']:.1f} ms; "
          f"total / limit: {parts['total'] / parts['limit']:.2f}")
    print("student compute by graded function (calls and untraced time per submission):")
    for name, (calls, seconds) in sorted(parts["functions"].items(), key=lambda item: -item[1][1]):
        print(f"  {name:48s} {calls:5.1f} calls {1000 * seconds:8.1f} ms")

    nb = None if args.no_nbgrader else nbgrader_autograde(submitted, assignment, scratch)
    cache = scratch / "reference-cache"
    cold, cold_summary = ours(submitted, assignment, scratch / "local-cold", workers=2, reference_cache=str(cache))
    local2, local_summary = ours(submitted, assignment, scratch / "local", workers=2, reference_cache=str(cache))
    (dask1, _), _ = on_dask(submitted, assignment, scratch / "dask1", 1, cache)
    (dask2, dask_summary), (warm2, warm_summary) = on_dask(submitted, assignment, scratch / "dask2", 2, cache,
                                                            again=True)
    same = all(local_summary.results[s].score == r.score for s, r in dask_summary.results.items())
    inside = statistics.mean(r.seconds for r in warm_summary.results.values())

    print("\nwall time for the batch:")
    if nb is not None:
        print(f"  nbgrader autograde                       {nb:7.1f} s  ({nb / n:.2f} s per submission)")
    print(f"  local pool, 2 workers, first batch       {cold:7.1f} s  (reference warm-up "
          f"{cold_summary.reference_seconds:.1f} s)")
    print(f"  local pool, 2 workers, saved reference   {local2:7.1f} s")
    print(f"  Dask, 1 fresh worker                     {dask1:7.1f} s")
    print(f"  Dask, 2 fresh workers                    {dask2:7.1f} s")
    print(f"  Dask, 2 warm workers (second batch)      {warm2:7.1f} s  ({inside:.2f} s per submission "
          "inside a worker)")
    if nb is not None:
        print(f"\nspeed-up vs nbgrader at {n}: local first batch {nb / cold:.1f}x, local {nb / local2:.1f}x, "
              f"Dask 1 worker {nb / dask1:.1f}x, Dask 2 workers {nb / dask2:.1f}x")
        print(f"asymptotic speed-up, 2 warm workers: {nb / warm2:.1f}x")
    print(f"Dask batch vs local pool batch (2 workers each, saved reference): "
          f"{(dask2 - local2) / n:+.2f} s per task, {100 * (dask2 - local2) / local2:+.1f} %")
    per_task = dask_task_overhead(submitted, assignment)
    print(f"Dask's own cost per task (round trip with the notebook's bytes and a result's JSON): "
          f"{1000 * per_task:.1f} ms, {100 * per_task / parts['total']:.2f} % of a submission's grading")
    per_hour = 3600 / (warm2 / n * 2)   # per worker core, from the warm steady state
    print(f"capacity: {per_hour:.0f} submissions per hour per worker core; "
          f"{math.ceil(10_000 / (per_hour / 2)):d} workers for 10,000 submissions in 30 minutes")
    print(f"same scores on the local pool and on Dask: {same}")
    print(f"load average after the run: {os.getloadavg()}")
    shutil.rmtree(scratch, ignore_errors=True)

if __name__ == "__main__":
    main()
