"""The Dask executor: every submission is a task on a Dask cluster (``--scheduler``).

Client side (``DaskExecutor``, in the batch's process): registers ``GraderPlugin`` on
the cluster, sends each submission as a task carrying the notebook's bytes, and hands
each finished task's result (JSON text, never a pickled object of the student's) to the
batch, which writes it atomically as with the local pool.

Worker side (``GraderPlugin``): each Dask worker keeps warm state for many tasks, as a
local grading process does: one thread that owns a sandbox fork server (torch
preloaded) and a pytest check session, plus the reference results, loaded once from
the bytes the client scattered. Each submission still runs in its own freshly forked,
sandboxed process on the worker's machine. Start workers with ``--nthreads 1`` (one
grader per worker process; give a machine several with ``--nworkers``).

A worker that dies mid-task: the scheduler moves the task to another worker once
(the client sets the scheduler's ``allowed_failures`` to 1, the local pool's rule);
a second death makes it an ``error`` result with the reason.
"""

from __future__ import annotations

import hashlib
import json
import queue
import tempfile
import threading
import traceback
import uuid
from dataclasses import asdict
from pathlib import Path

import torch
from distributed import Client, KilledWorker, WorkerPlugin, as_completed, get_worker

from . import errors, reference_cache
from .course import Assignment, Course
from .errors import GraderUnavailable
from .grade import Grader, error_result
from .local_pool import GRACE_SECONDS, MAX_ATTEMPTS, WORKER_START_TIMEOUT
from pcpt_portable.messages import NOTEBOOK_UNREADABLE, WORKER_ERROR

from .notebook import SUBMISSION_DEPTH, NotebookError, read_own_file
from .results import ErrorKind, GradeResult
from .settings import Settings

CONNECT_TIMEOUT = 60.0


class _WarmGrader:
    """One grading thread on a Dask worker; jobs reach it through a queue.

    A thread (not the worker's task threads) owns the ``Grader`` (its pytest session and
    fork server) for its whole life: one thread runs every check and every sandbox call.
    """

    def __init__(self, assignment: Assignment, settings: Settings, variants):
        self.assignment, self.settings, self.variants = assignment, settings, variants
        self.jobs: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        self.failure: Exception | None = None   # why the grader could not start (or stopped)
        self.loaded: set[str] = set()
        self.folder = Path(tempfile.mkdtemp(prefix="pcpt-dask-"))
        self.thread = threading.Thread(target=self._main, name=f"pcpt-grader-{assignment.name}", daemon=True)
        self.thread.start()

    def _main(self) -> None:
        try:
            with Grader.open(self.assignment, self.settings, variants=self.variants) as grader:
                self._serve(grader)
        except Exception as exc:  # noqa: BLE001 - reported to every task instead
            self.failure = exc
        finally:
            self.ready.set()
            while True:   # answer whatever is still queued
                try:
                    job = self.jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job[-1].put(("failed", self.failure or GraderUnavailable("the grader stopped")))

    def _serve(self, grader) -> None:
        self.ready.set()
        while True:
            job = self.jobs.get()
            if job is None:
                return
            kind, payload, reply = job
            try:
                if kind == "warm":
                    reference_cache.self_test(grader.checks, self.variants, payload)
                    reply.put(("ok", grader.checks.reference_runner.dump()))
                else:
                    reply.put(("ok", self._grade(grader, *payload)))
            except Exception as exc:  # noqa: BLE001 - one job never stops the grader
                reply.put(("failed", exc))

    def _grade(self, grader, student_id: str, notebook: bytes | None, cache_id: str, reference: bytes,
               refused: str | None = None) -> str:
        if cache_id not in self.loaded:
            grader.checks.reference_runner.load(reference)
            self.loaded.add(cache_id)
        path = self.folder / f"{self.assignment.name}.ipynb"
        path.unlink(missing_ok=True)
        if notebook is not None:
            path.write_bytes(notebook)
        try:
            result = grader.grade(path, student_id, refused=refused)
        except Exception:  # noqa: BLE001 - as in a local worker: an internal error result
            result = error_result(self.assignment.name, student_id, grader.device,
                                  WORKER_ERROR.format(error=traceback.format_exc(limit=3)[-800:]),
                                  plan=grader.checks.plan(), kind=ErrorKind.INTERNAL, seed=self.settings.seed,
                                  variants=self.variants)
        return json.dumps(result.to_dict(), allow_nan=False)

    def submit(self, kind: str, payload=None):
        if not self.ready.wait(WORKER_START_TIMEOUT):
            raise GraderUnavailable(f"the grader did not start within {WORKER_START_TIMEOUT:g} s")
        if self.failure:
            raise self.failure
        reply: queue.Queue = queue.Queue()
        self.jobs.put((kind, payload, reply))
        try:
            status, value = reply.get(timeout=WORKER_START_TIMEOUT + self.settings.submission_timeout + GRACE_SECONDS)
        except queue.Empty:
            raise GraderUnavailable("no result from the grader in time") from None
        if status != "ok":
            raise value
        return value

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=30)


class GraderPlugin(WorkerPlugin):
    """Warm grading state on every Dask worker, present and future: the worker's copy of
    the plugin holds its ``_WarmGrader`` (tasks find it under the plugin's name)."""

    def __init__(self, assignment: str, settings: dict, variants):
        # ``variants`` holds the course secret: it goes to the grading workers, never into a sandbox.
        self.assignment, self.settings, self.variants = assignment, settings, variants
        identity = json.dumps([assignment, settings, variants.key], sort_keys=True, default=str)   # (a torch.device)
        self.name = f"pcpt-grader-{assignment}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"
        self.grader: _WarmGrader | None = None

    def setup(self, worker) -> None:
        if self.grader is None:
            # A worker's own course (its folder may differ from the client's), resolved once here.
            course = Course.find().importable()
            self.grader = _WarmGrader(course.assignment(self.assignment), Settings(**self.settings), self.variants)

    def teardown(self, worker) -> None:
        grader, self.grader = self.grader, None
        if grader is not None:
            grader.stop()


def _grader(name: str) -> _WarmGrader:
    worker = get_worker()
    grader = getattr(worker.plugins.get(name), "grader", None)
    if grader is None:
        raise GraderUnavailable(f"the grader plugin is not set up on worker {worker.address}")
    return grader


def _answer(plugin: str, kind: str, payload) -> tuple[str, object]:
    """A task's answer as data: ``("ok", value)``, or ``("error", record)`` of what the grader raised,
    which ``_unwrap`` raises on the client as its own class."""
    try:
        return "ok", _grader(plugin).submit(kind, payload)
    except Exception as exc:  # noqa: BLE001 - the client raises it again
        return "error", errors.record(exc)


def _unwrap(answer: tuple[str, object]):
    status, value = answer
    if status != "ok":
        raise errors.from_record(value)
    return value


def grade_task(plugin: str, student_id: str, notebook: bytes | None, cache_id: str, reference: bytes,
               refused: str | None = None) -> tuple[str, object]:
    """Runs on a Dask worker: one submission → its result as JSON text (``refused``: why the client
    read no notebook, e.g. a symbolic link, as the local batch would say it)."""
    return _answer(plugin, "grade", (student_id, notebook, cache_id, reference, refused))


def warm_task(plugin: str, needed: list[int]) -> tuple[str, object]:
    """Runs on a Dask worker: the reference self-test → the reference results as bytes."""
    return _answer(plugin, "warm", needed)


def task_resources(device: torch.device) -> dict | None:
    """What each task asks of its worker: a GPU task runs only on a worker started with
    ``--resources GPU=1``, one at a time per GPU."""
    return {"GPU": 1} if device.type == "cuda" else None


def cluster_offers_gpu(address: str) -> bool:
    """Whether a worker connected to the scheduler at ``address`` offers a GPU (``settings.resolve_device``)."""
    from .settings import SettingsError

    try:
        with Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=WORKER_START_TIMEOUT)
            workers = client.scheduler_info(n_workers=-1)["workers"].values()
            return any(w.get("resources", {}).get("GPU") for w in workers)
    except (OSError, TimeoutError) as exc:
        raise SettingsError(f"--device auto: cannot ask the Dask scheduler at {address} whether a worker has a "
                            f"GPU ({type(exc).__name__}: {exc}); pass --device cpu or cuda") from None


def _has_plugin(dask_scheduler, name: str) -> bool:
    return name in dask_scheduler.worker_plugins


def _allow_failures(dask_scheduler, count: int) -> int:
    dask_scheduler.allowed_failures = count
    return count


class DaskExecutor:
    """Grades a batch's tasks on the cluster at ``settings.scheduler`` (see the module docstring)."""

    def __init__(self, assignment: Assignment, settings: Settings, variants):
        self.assignment = assignment
        self.client = Client(settings.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        try:
            self.client.wait_for_workers(1, timeout=WORKER_START_TIMEOUT)
        except BaseException:
            self.client.close()
            raise
        self.device = settings.device.type   # as results record it
        self.resources = task_resources(settings.device)
        # Workers resolve nothing: they grade on the device the settings resolved (a GPU worker
        # without a usable GPU then fails clearly instead of grading on its CPU).
        self.settings = Settings(**{**asdict(settings), "scheduler": "", "reference_cache": ""})
        self.plugin = GraderPlugin(assignment.name, asdict(self.settings), variants)
        self.reference = None
        self.cache_id = ""

    def start(self, count: int, on_result, on_start=None) -> int:
        self.on_result, self.on_start = on_result, on_start
        self.client.run_on_scheduler(_allow_failures, count=MAX_ATTEMPTS - 1)
        if not self.client.run_on_scheduler(_has_plugin, name=self.plugin.name):
            # Registering again would tear down and restart the graders already warm.
            self.client.register_plugin(self.plugin, name=self.plugin.name)
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def warm_reference(self, checks, cache, key: dict, needed: list[int]) -> None:
        """On a worker (it has the grading device), not in the client's ``checks``; the client
        keeps the bytes on disk."""
        future = self.client.submit(warm_task, self.plugin.name, needed, key=f"pcpt-warm-{uuid.uuid4().hex}",
                                    resources=self.resources, pure=False)
        reference_cache.store(cache, _unwrap(future.result()), key)

    def use_reference(self, cache) -> None:
        data = Path(cache).read_bytes()
        self.cache_id = hashlib.sha256(data).hexdigest()
        self.reference = self.client.scatter(data, broadcast=True, hash=False)

    def run(self, queue: list) -> None:
        futures = {}
        for task in queue:
            notebook, refused = None, None
            try:   # as the local batch reads it: no link followed, the size bounded
                notebook = read_own_file(task.path, SUBMISSION_DEPTH)
            except NotebookError as exc:
                if not isinstance(exc.__cause__, FileNotFoundError):
                    refused = str(exc)   # else graded as "the submission has no …", exactly as locally
            except OSError as exc:       # an I/O error reading the opened file
                refused = NOTEBOOK_UNREADABLE.format(reason=exc.strerror or exc)
            future = self.client.submit(grade_task, self.plugin.name, task.student_id, notebook, self.cache_id,
                                        self.reference, refused, key=f"pcpt-grade-{uuid.uuid4().hex}",
                                        resources=self.resources, pure=False)
            futures[future] = task
            if self.on_start:
                self.on_start(task)
        for future in as_completed(futures, loop=self.client.loop):
            task = futures.pop(future)
            try:
                payload = _unwrap(future.result())
            except KilledWorker as exc:
                self.on_result(task, None, f"grading stopped twice on this submission (the Dask worker running "
                                           f"it died: {exc})")
            except Exception as exc:  # noqa: BLE001 - one task's failure is that submission's error
                self.on_result(task, None, f"grading failed on the Dask worker: {errors.summary(exc)}")
            else:
                self.on_result(task, GradeResult.from_dict(json.loads(payload)), None)
            future.release()

    def close(self) -> None:
        # The plugin stays registered: the workers keep their warm graders for the next batch.
        self.client.close()


__all__ = ["DaskExecutor", "GraderPlugin"]
