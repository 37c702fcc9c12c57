"""Batch grading on a real Dask cluster: a `dask scheduler` and two `dask worker` processes
on 127.0.0.1 (the README's local recipe), started here and always torn down."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import nbformat
import pytest
import torch

from autograder.batch import BatchError, run_batch
from tests.helpers.course import COURSE, corpus_dir
from autograder.samples import sections, submission_notebook
from autograder.settings import Settings
from tests.autograder.test_batch import ASSIGNMENT, make_submissions

TOTAL = 20   # the points of ASSIGNMENT (linear_regression) for a correct submission

distributed = pytest.importorskip("distributed")
pytestmark = [pytest.mark.slow, pytest.mark.batch]
START_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalDaskCluster:
    """`dask scheduler` + `dask worker` subprocesses, each in its own process group."""

    def __init__(self, folder):
        self.folder, self.port = folder, _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._spawn("scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")
        self.workers = [self.add_worker() for _ in range(2)]

    def _spawn(self, kind, *args):
        log = open(self.folder / f"{kind}-{len(self.processes)}.log", "w")
        process = subprocess.Popen([sys.executable, "-m", f"distributed.cli.dask_{kind}", *args], stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def add_worker(self):
        return self._spawn("worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                           "--host", "127.0.0.1", "--death-timeout", "60")

    def restore(self, count=2):
        """Replace the killed workers, so that the next test finds ``count`` again."""
        self.workers = [w for w in self.workers if w.poll() is None]
        self.workers += [self.add_worker() for _ in range(count - len(self.workers))]

    def wait_for_workers(self, count):
        with distributed.Client(self.address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(count, timeout=START_TIMEOUT)
            return len(client.scheduler_info(n_workers=-1)["workers"])

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = LocalDaskCluster(tmp_path_factory.mktemp("dask"))
    try:
        assert cluster.wait_for_workers(2) == 2
        yield cluster
    finally:
        cluster.close()


def test_an_unreachable_scheduler_is_a_clear_batch_error(tmp_path, monkeypatch):
    from autograder import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2)
    submitted = make_submissions(tmp_path)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(BatchError, match="no Dask cluster to grade on at " + address):
        run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=address), tmp_path / "out")
    assert not (tmp_path / "out" / "results").exists()


def test_cuda_tasks_ask_for_a_gpu_worker_and_cpu_tasks_for_none():
    from autograder.dask_cluster import task_resources

    assert task_resources(torch.device("cuda")) == {"GPU": 1}
    assert task_resources(torch.device("cpu")) is None


def outcomes(results):
    return {student: (r.status, r.score, r.error_kind,
                      [(t.name, t.outcome, t.points, t.misconception) for t in r.tests])
            for student, r in results.items()}


def test_the_cluster_gives_the_same_results_as_the_local_pool(cluster, tmp_path):
    submitted = make_submissions(tmp_path)
    shared = tmp_path / "reference-cache"
    local = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", workers=2, reference_cache=str(shared)),
                      tmp_path / "local")
    on_dask = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address,
                                                        reference_cache=str(shared)), tmp_path / "dask")
    assert sorted(on_dask.graded) == sorted(local.graded) == ["ann", "bob", "cat", "dan", "eve", "fay"]
    assert outcomes(on_dask.results) == outcomes(local.results)
    assert on_dask.results["ann"].score == TOTAL and on_dask.results["dan"].score < TOTAL
    # The saved reference results serve the cluster too: its workers skip the warm-up.
    assert local.reference_warmed and not on_dask.reference_warmed and on_dask.workers == 2
    rerun = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address,
                                                      reference_cache=str(shared)), tmp_path / "dask")
    assert rerun.graded == ["fay"] and not rerun.reference_warmed


def test_the_client_follows_no_link_in_submitted(cluster, tmp_path):
    """The client reads each notebook's bytes for its task: as the local batch, through no link;
    the refusal travels with the task and becomes the student's error result."""
    submitted = make_submissions(tmp_path)
    secret = tmp_path / ".pcpt_course_secret"
    secret.write_text("0cc175b9c0f1b6a831c399e269772661-secret-bytes")
    for student in ("cat", "dan", "eve", "fay"):
        shutil.rmtree(submitted / student)
    for student, target in (("mal", submitted / "ann" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), ("max", secret)):
        (submitted / student / ASSIGNMENT).mkdir(parents=True)
        (submitted / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").symlink_to(target)
    on_dask = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address), tmp_path / "dask")
    assert on_dask.results["ann"].score == TOTAL
    for student in ("mal", "max"):
        result = on_dask.results[student]
        assert result.status == "error" and result.score == 0 and result.error_kind == "notebook", result.error
        assert f"`{ASSIGNMENT}.ipynb` in the submission is a symbolic link" in result.error
    assert not any("secret-bytes" in p.read_text() for p in (tmp_path / "dask").rglob("*.json"))


def _slow_submissions(folder, count, seconds=3):
    """Students whose notebooks take a few seconds, so a kill lands mid-task."""
    slow = submission_notebook(COURSE.assignment(ASSIGNMENT), sections((corpus_dir(ASSIGNMENT) / "sum_instead_of_mean.py").read_text())
                               + [("new", f"import time\ntime.sleep({seconds})")])
    for number in range(count):
        (folder / f"s{number}" / ASSIGNMENT).mkdir(parents=True)
        nbformat.write(slow, folder / f"s{number}" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return folder


class KillAWorkerAfterFirstResult:
    def __init__(self, cluster):
        self.cluster, self.killed = cluster, None

    def start(self, total):
        pass

    def stop(self):
        pass

    def started(self, task):
        pass

    def advance(self, student, result):
        if self.killed is None:
            victim = self.cluster.workers[0]
            assert victim.poll() is None
            self.killed = victim
            # Both workers are busy with their next task by now; the kill lands mid-task.
            threading.Timer(1.0, lambda: os.killpg(victim.pid, signal.SIGKILL)).start()


def test_a_worker_killed_mid_batch_loses_nothing(cluster, tmp_path):
    submitted = _slow_submissions(tmp_path / "submitted", 6)
    hook = KillAWorkerAfterFirstResult(cluster)
    try:
        summary = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address),
                            tmp_path / "out", progress=hook)
    finally:
        cluster.restore()
    assert hook.killed is not None and hook.killed.wait(timeout=30) == -signal.SIGKILL
    assert sorted(summary.results) == [f"s{n}" for n in range(6)]
    scores = {r.status: r.score for r in summary.results.values()}
    assert list(scores) == ["graded"] and 0 < scores["graded"] < TOTAL, scores
    assert len({r.score for r in summary.results.values()}) == 1


class KillWhoeverRunsIt:
    """Kills (-9) the worker processing the batch's one task, ``times`` times over."""

    def __init__(self, cluster, times):
        self.cluster, self.times, self.killed, self.seen = cluster, times, [], []
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        with distributed.Client(self.cluster.address, timeout=START_TIMEOUT) as client:
            deadline = time.monotonic() + 240
            while len(self.killed) < self.times and time.monotonic() < deadline:
                try:
                    self._kill_the_busy_worker(client)
                except (OSError, KeyError, TimeoutError) as exc:  # a worker gone between two calls: look again
                    self.seen.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.1)

    def _kill_the_busy_worker(self, client):
        busy = [address for address, keys in client.processing().items()
                if any(str(key).startswith("pcpt-grade-") for key in keys)]
        if not busy:
            return
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)
        self.seen.append(f"killed {busy[0]}")
        while busy[0] in client.scheduler_info(n_workers=-1)["workers"]:
            time.sleep(0.1)


def test_a_task_whose_worker_dies_twice_is_recorded_as_an_error(cluster, tmp_path):
    assert cluster.wait_for_workers(2) == 2
    # Slower than the others: the watcher has to find the second attempt running too.
    submitted = _slow_submissions(tmp_path / "submitted", 1, seconds=8)
    try:
        killer = KillWhoeverRunsIt(cluster, 2)
        summary = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address),
                            tmp_path / "out")
        killer.thread.join(timeout=30)
    finally:
        cluster.restore()
    assert len(killer.killed) == 2, killer.seen
    result = summary.results["s0"]
    assert result.status == "error" and result.error_kind == "internal"
    assert "grading stopped twice on this submission" in result.error and "Dask worker" in result.error
    # A rerun grades it again (an internal error is never final).
    assert cluster.wait_for_workers(2) == 2
    again = run_batch(submitted, COURSE.assignment(ASSIGNMENT), Settings(device="cpu", scheduler=cluster.address), tmp_path / "out")
    assert again.graded == ["s0"] and again.results["s0"].status == "graded"


def test_a_killed_client_resumes_without_grading_anything_twice(cluster, tmp_path):
    assert cluster.wait_for_workers(2) == 2
    submitted = make_submissions(tmp_path)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "batch", str(submitted), "--assignment", ASSIGNMENT,
               "--out", str(out), "--scheduler", cluster.address, "--device", "cpu", "--no-gradebook",
               "--no-feedback"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))) < 2:
        time.sleep(0.1)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    done_before = {p.stem: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 2 <= len(done_before) < 6
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    after = {p.stem: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert set(after) == {"ann", "bob", "cat", "dan", "eve", "fay"}
    regraded = {s for s in done_before if after[s] != done_before[s]}
    assert regraded <= {"fay"}, f"graded twice: {regraded}"
    assert f"ann,{TOTAL},{TOTAL},graded" in (out / "grades.csv").read_text()
