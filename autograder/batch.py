"""Grade every submission of an assignment: fast, resumable, nothing lost.

    SUBMITTED_DIR/<student_id>/<assignment>/<assignment>.ipynb  →  OUT/results/<student_id>.json
                                                                    OUT/grades.csv, gradebook,
                                                                    OUT/feedback/<student_id>.html,
                                                                    OUT/report.html

How it is fast: the reference results are computed once per hidden-input variant
(``autograder.variants``: a few per course, assigned per student by a keyed hash), in
this process, and handed to the workers as a cache file; each worker process keeps one
sandbox fork server (torch imported once) and one pytest session for its whole share
of the batch, and every submission still runs in a fresh forked process.

How nothing is lost: each result is written atomically as soon as it arrives; a rerun
skips submissions already graded with the same notebook content, grader version,
device, seed and variant (``force`` regrades them); a worker that dies mid-submission is
replaced and the submission retried once, then recorded as an error with the reason.
Inside a worker, a sandbox that fails (its server died, a student process was killed
from outside) is replaced and the submission graded again (``grade.Grader``); internal
errors are never "up to date", so a rerun grades them again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import __version__, reference_runner
from .assignments import validate
from .errors import AutograderError
from .grade import SANDBOX_ATTEMPTS, error_result, run_grader
from .results import GradeResult
from .runner import check_session
from .settings import Settings
from .sinks.files import read_results, result_path, write_csv, write_result
from .submission import InProcessSubmission
from .variants import HiddenVariants, hidden_variants

MAX_ATTEMPTS = 2
WORKER_START_TIMEOUT = 300.0
GRACE_SECONDS = 60.0   # beyond a submission's own time limit before its worker is presumed stuck


class BatchError(AutograderError, RuntimeError):
    """The batch could not run at all (not a problem with one submission)."""


@dataclass
class Task:
    student_id: str
    path: Path
    attempt: int = 1
    started: float = 0.0


@dataclass
class BatchSummary:
    assignment: str
    out: Path
    graded: list[str] = field(default_factory=list)     # graded in this run
    skipped: list[str] = field(default_factory=list)    # already up to date
    results: dict[str, GradeResult] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0
    reference_seconds: float = 0.0
    variants: list[int] = field(default_factory=list)   # hidden-input variants graded in this run


def discover(submitted: Path, assignment: str) -> list[Task]:
    """One task per ``<student>/<assignment>/`` folder, whether or not it holds the notebook."""
    if not submitted.is_dir():
        raise BatchError(f"{submitted} is not a folder of submissions")
    return [Task(folder.name, folder / assignment / f"{assignment}.ipynb")
            for folder in sorted(submitted.iterdir())
            if (folder / assignment).is_dir() and not folder.name.startswith(".")]


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def up_to_date(previous: GradeResult | None, task: Task, settings: Settings, device: str,
               variants: HiddenVariants, assignment: str) -> bool:
    return (previous is not None and previous.error_kind != "internal"
            and previous.grader_version == __version__ and previous.device == device
            and previous.seed == settings.seed and previous.notebook_sha256 == _sha256(task.path)
            and previous.notebook_sha256 is not None and previous.variant_key == variants.key
            and previous.variant == variants.variant_of(assignment, task.student_id))


def warm_reference(assignment: str, settings: Settings, cache: Path, variants: HiddenVariants,
                   needed: list[int]) -> float:
    """Run every check against the reference itself, the hidden ones once per ``needed``
    variant; save what it computed.

    This is also the grader's self-test: the reference must pass all its checks, on every
    variant's hidden inputs.
    """
    import importlib

    started = time.monotonic()
    namespace = dict(vars(importlib.import_module(f"reference.{assignment}")))
    results = []

    def self_test(checks):
        for number, variant in enumerate(needed):
            found = checks.grade(InProcessSubmission(namespace, assignment),
                                 hidden_seed=variants.seed(assignment, variant),
                                 select=None if number == 0 else (lambda meta: meta["visibility"] == "hidden"))
            results.extend((variant, r) for r in found)

    check_session(assignment, self_test, device=settings.resolved_device(), seed=settings.seed)
    failing = [f"{r.name} (variant {v}): {r.message}" for v, r in results if r.outcome != "passed"]
    if failing:
        raise BatchError("the reference fails its own checks (a grader bug):\n" + "\n".join(failing))
    cache.parent.mkdir(parents=True, exist_ok=True)
    reference_runner.save(cache)
    return time.monotonic() - started


def _worker_main(connection, assignment: str, settings: dict, variants: HiddenVariants) -> None:
    """A grading worker: one sandbox server and one check session for many submissions.

    Tasks are (student, notebook, reference cache); the cache, written by the parent
    while the workers start, is loaded with the first task.
    """
    import traceback

    settings = Settings(**settings)
    loaded = set()

    def work(grader):
        connection.send(("ready", None))
        while True:
            task = connection.recv()
            if task is None:
                return
            student_id, path, cache = task
            if cache and cache not in loaded:
                reference_runner.load(Path(cache))
                loaded.add(cache)
            try:
                result = grader.grade(Path(path), student_id)
            except Exception:  # noqa: BLE001 - one submission never stops the worker
                result = error_result(assignment, student_id, grader.device,
                                      "internal grader error: " + traceback.format_exc(limit=3)[-800:],
                                      plan=grader.checks.plan(), kind="internal", seed=settings.seed,
                                      variants=variants)
            connection.send(("result", json.dumps(result.to_dict(), allow_nan=False)))

    try:
        run_grader(assignment, settings, work, variants=variants)
    except Exception as exc:  # noqa: BLE001
        connection.send(("failed", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, context, assignment, settings, variants):
        self.connection, remote = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(remote, assignment, asdict(settings), variants),
                                       daemon=True)
        self.process.start()
        remote.close()
        self.ready = False
        self.task: Task | None = None
        self.started = time.monotonic()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()


class WorkerPool:
    """Hands tasks to idle workers, collects results, replaces workers that die."""

    def __init__(self, count: int, assignment: str, settings: Settings, on_result, on_start=None, *,
                 variants: HiddenVariants):
        self.context = multiprocessing.get_context("spawn")
        self.assignment, self.settings, self.variants = assignment, settings, variants
        self.on_result, self.on_start = on_result, on_start
        self.cache: Path | None = None
        self.workers = [self._start() for _ in range(count)]
        # A submission whose sandbox failed is graded again in a fresh one (grade.Grader).
        self.deadline = SANDBOX_ATTEMPTS * settings.submission_timeout + GRACE_SECONDS

    def _start(self) -> _Worker:
        return _Worker(self.context, self.assignment, self.settings, self.variants)

    def _failed(self, worker: _Worker, why: str, queue: list[Task]) -> None:
        """A worker died or stopped answering: retry its submission once, then record the error."""
        worker.kill()
        task = worker.task
        if task is not None:
            if task.attempt < MAX_ATTEMPTS:
                queue.insert(0, Task(task.student_id, task.path, task.attempt + 1))
            else:
                self.on_result(task, None, f"grading stopped twice on this submission ({why})")
        self.workers[self.workers.index(worker)] = self._start()

    def run(self, queue: list[Task]) -> None:
        startup_failures = 0
        while queue or any(w.task for w in self.workers):
            for worker in self.workers:
                if worker.ready and worker.task is None and queue:
                    worker.task = queue.pop(0)
                    worker.task.started = time.monotonic()
                    if self.on_start:
                        self.on_start(worker.task)
                    worker.connection.send((worker.task.student_id, str(worker.task.path),
                                            str(self.cache) if self.cache else None))
            waitables = {w.connection: w for w in self.workers} | {w.process.sentinel: w for w in self.workers}
            for ready in wait(list(waitables), timeout=1.0):
                worker = waitables[ready]
                if worker not in self.workers:
                    continue
                if ready is worker.connection:
                    try:
                        kind, payload = worker.connection.recv()
                    except (EOFError, OSError):
                        kind, payload = "died", None
                else:
                    kind, payload = "died", None
                if kind == "ready":
                    worker.ready = True
                elif kind == "result":
                    task, worker.task = worker.task, None
                    self.on_result(task, GradeResult.from_dict(json.loads(payload)), None)
                elif kind == "failed" or (kind == "died" and not worker.ready):
                    startup_failures += 1
                    if startup_failures > 2 * len(self.workers):
                        raise BatchError(f"grading workers cannot start: {payload or 'they exit at start-up'}")
                    self._failed(worker, payload or "the worker exited", queue)
                elif kind == "died":
                    self._failed(worker, f"the grading process exited with code {worker.process.exitcode}", queue)
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.task and now - worker.task.started > self.deadline:
                    self._failed(worker, f"no result after {self.deadline:g} s", queue)
                elif not worker.ready and now - worker.started > WORKER_START_TIMEOUT:
                    raise BatchError(f"a grading worker did not start within {WORKER_START_TIMEOUT:g} s")

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.process.join(timeout=10)
            worker.kill()


def run_batch(submitted: Path, assignment: str, settings: Settings, out: Path, *, force: bool = False,
              progress=None, variants: HiddenVariants | None = None) -> BatchSummary:
    """Grade what needs grading and write every result; see the module docstring.

    ``variants`` defaults to the course's (its secret read or created on first use).
    """
    validate(assignment)
    started = time.monotonic()
    device = settings.resolved_device()
    variants = variants or hidden_variants(settings)
    out.mkdir(parents=True, exist_ok=True)
    tasks = discover(Path(submitted), assignment)
    existing = read_results(out)
    summary = BatchSummary(assignment, out)
    todo = []
    for task in tasks:
        if not force and up_to_date(existing.get(task.student_id), task, settings, device, variants, assignment):
            summary.skipped.append(task.student_id)
        else:
            todo.append(task)

    def record(task: Task, result: GradeResult | None, failure: str | None) -> None:
        if result is None:
            result = error_result(assignment, task.student_id, device, failure, plan=plan, kind="internal",
                                  seed=settings.seed, sha=_sha256(task.path), variants=variants)
        write_result(out, result)
        summary.graded.append(task.student_id)
        if progress:
            progress.advance(task.student_id, result)

    plan: list = []
    if todo:
        summary.workers = max(1, min(settings.workers, len(todo)))
        # The workers start (Python, torch, sandbox) while the reference results are computed here.
        pool = WorkerPool(summary.workers, assignment, settings, record, on_start=progress.started if progress else None,
                          variants=variants)
        try:
            check_session(assignment, lambda checks: plan.extend(checks.plan()))
            pool.cache = out / ".cache" / f"reference-{device}-{variants.key}.pt"
            needed = sorted({variants.variant_of(assignment, task.student_id) for task in todo})
            summary.reference_seconds = warm_reference(assignment, settings, pool.cache, variants, needed)
            summary.variants = needed
            if progress:
                progress.start(len(todo))
            pool.run(list(todo))
        finally:
            pool.close()
            if progress:
                progress.stop()
    summary.results = {sid: r for sid, r in read_results(out).items() if sid in {t.student_id for t in tasks}}
    write_csv(out, list(summary.results.values()), assignment)
    summary.seconds = time.monotonic() - started
    return summary


__all__ = ["BatchError", "BatchSummary", "run_batch", "discover", "result_path"]
