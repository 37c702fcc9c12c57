"""Grade every submission of an assignment: fast, resumable, nothing lost.

    SUBMITTED_DIR/<student_id>/<assignment>/<assignment>.ipynb  →  OUT/results/<student_id>.json
                                                                    OUT/grades.csv, gradebook,
                                                                    OUT/feedback/<student_id>.html,
                                                                    OUT/report.html

Where the grading runs is an ``Executor``: the local worker pool (``local_pool``, the
default) or a Dask cluster (``dask_cluster``, ``--scheduler``). Either way each worker
keeps one sandbox fork server (torch imported once) and one pytest session for many
submissions, and every submission runs in a fresh forked process.

How it is fast: the reference results are computed once per hidden-input variant
(``autograder.variants``: a few per course, assigned per student by a keyed hash) and
saved under a key of everything they depend on (``reference_cache``); reruns and new
workers load them.

How nothing is lost: each result is written atomically here, as soon as it arrives; a
rerun skips submissions already graded with the same notebook content, grader version,
device, seed and variant (``force`` regrades them); a worker that dies mid-submission is
replaced and the submission retried once, then recorded as an error with the reason.
Inside a worker, a sandbox that fails (its server died, a student process was killed
from outside) is replaced and the submission graded again (``grade.Grader``); internal
errors are never "up to date", so a rerun grades them again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import __version__, reference_cache
from .course import Assignment
from .errors import AutograderError
from .grade import error_result
from .local_pool import PoolError, WorkerPool
from .notebook import SUBMISSION_DEPTH, own_file_sha256
from .results import ErrorKind, GradeResult
from .runner import CheckSession
from .sandbox import check_isolation
from .settings import Settings
from .sinks.files import read_results, result_path, write_csv, write_result
from .variants import HiddenVariants, hidden_variants


class BatchError(AutograderError, RuntimeError):
    """The batch could not run at all (not a problem with one submission)."""

    exit_status = 1


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
    reference_seconds: float = 0.0     # the warm-up's time; 0 when the saved reference results were reused
    reference_warmed: bool = False
    reference_cache: Path | None = None
    variants: list[int] = field(default_factory=list)   # hidden-input variants graded in this run


def discover(submitted: Path, assignment: str) -> list[Task]:
    """One task per ``<student>/<assignment>/`` folder, whether or not it holds the notebook."""
    if not submitted.is_dir():
        raise BatchError(f"{submitted} is not a folder of submissions")
    return [Task(folder.name, folder / assignment / f"{assignment}.ipynb")
            for folder in sorted(submitted.iterdir())
            if (folder / assignment).is_dir() and not folder.name.startswith(".")]


def _sha256(path: Path) -> str | None:
    """The digest of the notebook as grading reads it (None where it is refused: no link is followed)."""
    return own_file_sha256(path, SUBMISSION_DEPTH)


def up_to_date(previous: GradeResult | None, task: Task, settings: Settings, device: str,
               variants: HiddenVariants, assignment: str) -> bool:
    return (previous is not None and previous.error_kind != ErrorKind.INTERNAL
            and previous.grader_version == __version__ and previous.device == device
            and previous.seed == settings.seed and previous.notebook_sha256 == _sha256(task.path)
            and previous.notebook_sha256 is not None and previous.variant_key == variants.key
            and previous.variant == variants.variant_of(assignment, task.student_id))


class Executor(Protocol):
    """Where submissions are graded: the local worker pool (``local_pool.WorkerPool``) or
    a Dask cluster (``dask_cluster.DaskExecutor``). The batch (discovery, resume, result
    files, sinks) is the same for both."""

    device: str   # the grading device, resolved where the grading runs

    def start(self, count: int, on_result, on_start=None) -> int:
        """Begin starting workers; returns how many workers grade."""

    def warm_reference(self, checks: CheckSession, cache: Path, key: dict, needed: list[int]) -> None:
        """Run the reference self-test (hidden checks once per ``needed`` variant), here in the
        batch's ``checks`` session or where the grading runs, and save its results to ``cache``."""

    def use_reference(self, cache: Path) -> None:
        """Give the workers the reference results in ``cache``."""

    def run(self, queue: list[Task]) -> None:
        """Grade every task; each ends in one ``on_result(task, GradeResult | None, failure | None)``."""

    def close(self) -> None:
        """Stop what ``start`` started."""


def make_executor(assignment: Assignment, settings: Settings, variants: HiddenVariants) -> Executor:
    if settings.scheduler:
        try:
            from .dask_cluster import DaskExecutor
        except ImportError as exc:
            raise BatchError(f"--scheduler needs Dask: pip install 'pcpt-autograder[dask]' ({exc})") from None
        try:
            return DaskExecutor(assignment, settings, variants)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"no Dask cluster to grade on at {settings.scheduler}: {exc}") from None
    return WorkerPool(assignment, settings, variants)


def reference_folder(settings: Settings, out: Path) -> Path:
    return Path(settings.reference_cache) if settings.reference_cache else out / ".cache"


def run_batch(submitted: Path, assignment: Assignment, settings: Settings, out: Path, *, force: bool = False,
              progress=None, variants: HiddenVariants | None = None) -> BatchSummary:
    """Grade what needs grading and write every result; see the module docstring.

    ``variants`` defaults to the course's (its secret read or created on first use).
    """
    if not settings.scheduler:   # (Dask workers check on their own machines)
        check_isolation(settings.sandbox)
    variants = variants or hidden_variants(settings, assignment.course)
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    tasks = discover(Path(submitted), assignment.name)
    executor = make_executor(assignment, settings, variants)
    try:
        summary = _grade(executor, tasks, assignment, settings, out, force, progress, variants)
    except PoolError as exc:
        raise BatchError(str(exc)) from None
    finally:
        executor.close()
        if progress:
            progress.stop()
    summary.results = {sid: r for sid, r in read_results(out).items() if sid in {t.student_id for t in tasks}}
    write_csv(out, list(summary.results.values()), assignment)
    summary.seconds = time.monotonic() - started
    return summary


def _grade(executor: Executor, tasks: list[Task], graded: Assignment, settings: Settings, out: Path, force: bool,
           progress, variants: HiddenVariants) -> BatchSummary:
    device, assignment = executor.device, graded.name
    existing = read_results(out)
    summary = BatchSummary(assignment, out)
    todo = []
    for task in tasks:
        if not force and up_to_date(existing.get(task.student_id), task, settings, device, variants, assignment):
            summary.skipped.append(task.student_id)
        else:
            todo.append(task)
    if not todo:
        return summary

    plan: list = []

    def record(task: Task, result: GradeResult | None, failure: str | None) -> None:
        if result is None:
            result = error_result(assignment, task.student_id, device, failure, plan=plan, kind=ErrorKind.INTERNAL,
                                  seed=settings.seed, sha=_sha256(task.path), variants=variants)
        write_result(out, result)
        summary.graded.append(task.student_id)
        if progress:
            progress.advance(task.student_id, result)

    # The workers start (Python, torch, sandbox) while the plan and the reference results are prepared.
    summary.workers = executor.start(max(1, min(settings.workers, len(todo))), record,
                                     on_start=progress.started if progress else None)
    # One check session here, for the plan and the reference warm-up.
    with CheckSession.open(graded, device=device, seed=settings.seed) as checks:
        plan.extend(checks.plan())
        # Every variant is warmed (not only this run's students'): the saved results then serve any
        # later batch of the course, and a variant's hidden checks cost a fraction of a second here.
        summary.variants = needed = variants.in_use()
        key = reference_cache.cache_key(graded, device, settings.seed,
                                        inputs={"variant_key": variants.key, "variants": needed})
        summary.reference_cache = cache = reference_cache.cache_file(reference_folder(settings, out), key)
        if not cache.exists():
            warm_started = time.monotonic()
            try:
                executor.warm_reference(checks, cache, key, needed)
            except reference_cache.ReferenceSelfTestError as exc:
                raise BatchError(str(exc)) from None
            summary.reference_seconds, summary.reference_warmed = time.monotonic() - warm_started, True
    executor.use_reference(cache)
    if progress:
        progress.start(len(todo))
    executor.run(list(todo))
    return summary


__all__ = ["BatchError", "BatchSummary", "Executor", "run_batch", "discover", "result_path"]
