"""The embedded executor: a pool of local grading processes.

Each worker process keeps one sandbox fork server (torch imported once) and one pytest
check session for its whole share of the batch; every submission still runs in a fresh
forked process. A worker that dies or stops answering is replaced and its submission
retried once, then recorded as an error with the reason.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from dataclasses import asdict, replace
from multiprocessing.connection import wait
from pathlib import Path

from . import errors, reference_cache
from .errors import PoolError
from .grade import SANDBOX_ATTEMPTS, Grader, error_result
from pcpt_portable.messages import WORKER_ERROR

from .notebook import SUBMISSION_DEPTH
from .results import ErrorKind, GradeResult
from .settings import Settings
from .variants import HiddenVariants

MAX_ATTEMPTS = 2
WORKER_START_TIMEOUT = 300.0
GRACE_SECONDS = 60.0   # beyond a submission's own time limit before its worker is presumed stuck


def _worker_main(connection, assignment: Assignment, settings: dict, variants: HiddenVariants) -> None:
    """A grading worker: one sandbox server and one check session for many submissions."""
    assignment.course.importable()   # a fresh process: the course's checks and references import here
    settings = Settings(**settings)
    try:
        with Grader.open(assignment, settings, variants=variants) as grader:
            connection.send(("ready", None))
            _serve(connection, grader)
    except Exception as exc:  # noqa: BLE001 - the parent raises it again, as its own class
        connection.send(("failed", errors.record(exc)))


def _serve(connection, grader: Grader) -> None:
    """Grade tasks until the parent sends None.

    Tasks are (student, notebook, reference cache); the cache, written by the parent
    while the workers start, is loaded with the first task.
    """
    import traceback

    loaded = set()
    while True:
        task = connection.recv()
        if task is None:
            return
        student_id, path, cache = task
        if cache and cache not in loaded:
            grader.checks.reference_runner.load(Path(cache))
            loaded.add(cache)
        try:
            result = grader.grade(Path(path), student_id, private_parts=SUBMISSION_DEPTH)
        except Exception:  # noqa: BLE001 - one submission never stops the worker
            result = error_result(grader.assignment.name, student_id, grader.device,
                                  WORKER_ERROR.format(error=traceback.format_exc(limit=3)[-800:]),
                                  plan=grader.checks.plan(), kind=ErrorKind.INTERNAL, seed=grader.settings.seed,
                                  variants=grader.variants)
        connection.send(("result", json.dumps(result.to_dict(), allow_nan=False)))


class _Worker:
    def __init__(self, context, assignment, settings, variants):
        self.connection, remote = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(remote, assignment, asdict(settings), variants),
                                       daemon=True)
        self.process.start()
        remote.close()
        self.ready = False
        self.task = None   # the batch's Task being graded
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

    def __init__(self, assignment: Assignment, settings: Settings, variants: HiddenVariants):
        self.context = multiprocessing.get_context("spawn")
        self.assignment, self.settings, self.variants = assignment, settings, variants
        self.device = settings.device.type   # as results record it
        self.cache: Path | None = None
        self.workers: list[_Worker] = []
        # A submission whose sandbox failed is graded again in a fresh one (grade.Grader).
        self.deadline = SANDBOX_ATTEMPTS * settings.submission_timeout + GRACE_SECONDS

    def start(self, count: int, on_result, on_start=None) -> int:
        """Start ``count`` workers (they load Python, torch and the sandbox in the background)."""
        self.on_result, self.on_start = on_result, on_start
        self.workers = [self._start() for _ in range(count)]
        return count

    def warm_reference(self, checks, cache: Path, key: dict, needed: list[int]) -> None:
        """Computed here, in the batch's check session, while the workers start."""
        reference_cache.warm_reference(checks, cache, key, self.variants, needed)

    def use_reference(self, cache: Path) -> None:
        self.cache = cache   # loaded by each worker with its first task

    def _start(self) -> _Worker:
        return _Worker(self.context, self.assignment, self.settings, self.variants)

    def _failed(self, worker: _Worker, why: str, queue: list) -> None:
        """A worker died or stopped answering: retry its submission once, then record the error."""
        worker.kill()
        task = worker.task
        if task is not None:
            if task.attempt < MAX_ATTEMPTS:
                queue.insert(0, replace(task, attempt=task.attempt + 1))
            else:
                self.on_result(task, None, f"grading stopped twice on this submission ({why})")
        self.workers[self.workers.index(worker)] = self._start()

    def run(self, queue: list) -> None:
        """Grade every task of ``queue``; each ends in exactly one ``on_result(task, result, failure)``."""
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
                    error = errors.from_record(payload) if kind == "failed" else None
                    startup_failures += 1
                    if startup_failures > 2 * len(self.workers):
                        if error is not None:   # the workers' own error, its class kept (exit status, traceback)
                            raise error
                        raise PoolError("grading workers cannot start: they exit at start-up")
                    self._failed(worker, errors.summary(error) if error else "the worker exited", queue)
                elif kind == "died":
                    self._failed(worker, f"the grading process exited with code {worker.process.exitcode}", queue)
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.task and now - worker.task.started > self.deadline:
                    self._failed(worker, f"no result after {self.deadline:g} s", queue)
                elif not worker.ready and now - worker.started > WORKER_START_TIMEOUT:
                    raise PoolError(f"a grading worker did not start within {WORKER_START_TIMEOUT:g} s")

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.process.join(timeout=10)
            worker.kill()


