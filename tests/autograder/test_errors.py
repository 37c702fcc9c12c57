"""One error base, and errors that cross processes as typed records (never by their wording)."""

import contextlib
import importlib
import inspect
import json
import pickle
import pkgutil
import sys
import threading
import time
from multiprocessing import Pipe
from pathlib import Path

import pytest

import autograder
import pcpt_portable
from autograder import cli, errors
from autograder.expectations import GradingFailure
from tests.helpers.course import COURSE, PROJECT_ROOT


def _modules():
    """Every module of the engine, of the portable package and of the student package."""
    sys.path.insert(0, str(PROJECT_ROOT / "student"))
    try:
        import pcpt_check
        packages = [autograder, pcpt_portable, pcpt_check]
        for package in packages:
            yield package
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
                if not info.name.endswith("__main__"):
                    try:
                        yield importlib.import_module(info.name)
                    except ImportError:   # an optional extra (Dask) not installed
                        continue
    finally:
        sys.path.remove(str(PROJECT_ROOT / "student"))


def _exception_classes():
    found = {}
    for module in _modules():
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_error_of_the_engine_has_one_base_but_a_checks_own_failure():
    classes = _exception_classes()
    assert len(classes) > 20, sorted(classes)
    roots = {name for name, cls in classes.items() if not issubclass(cls, errors.AutograderError)}
    assert roots == {"autograder.expectations.GradingFailure"}, sorted(roots)
    assert issubclass(GradingFailure, AssertionError)   # pytest's failure, not an error of the grader


def test_the_two_student_process_classes_have_two_names():
    from autograder.sandbox import client
    from autograder.worker import student

    assert client.StudentProcess.__name__ != student.NamespaceServer.__name__
    assert not hasattr(student, "StudentProcess")


CROSSING = [errors.SandboxError, errors.PoolError, errors.GraderUnavailable, errors.ReferenceSelfTestError,
            errors.ReferenceFailure, errors.CourseError, errors.InputFileError]


@pytest.mark.parametrize("cls", CROSSING, ids=lambda cls: cls.__name__)
def test_a_crossing_error_comes_back_as_its_own_class(cls):
    sent = cls(f"what went wrong with {cls.__name__}\nand its second line")
    data = json.loads(json.dumps(errors.record(sent)))   # plain data: it survives JSON
    back = errors.from_record(data)
    assert type(back) is cls and str(back) == str(sent) and back.exit_status == cls.exit_status
    assert type(pickle.loads(pickle.dumps(sent))) is cls   # a library that pickles it goes through the record


def test_every_error_class_of_the_engine_round_trips():
    classes = [cls for cls in _exception_classes().values() if issubclass(cls, errors.AutograderError)]
    for cls in classes:
        back = errors.from_record(json.loads(json.dumps(errors.record(cls("what went wrong")))))
        assert (type(back), str(back)) == (cls, "what went wrong"), cls


def test_exit_statuses_say_who_can_fix_it():
    assert errors.CourseError.exit_status == errors.InputFileError.exit_status == 2
    assert errors.SandboxError.exit_status == errors.PoolError.exit_status == errors.ReferenceSelfTestError.exit_status == 1
    assert errors.ReferenceFailure.exit_status is None and errors.InternalError.exit_status is None


def test_any_other_exception_crosses_as_an_internal_error_with_its_traceback():
    def broken():
        return {}["missing"]

    try:
        broken()
    except KeyError as exc:
        data = json.loads(json.dumps(errors.record(exc)))
    back = errors.from_record(data)
    assert type(back) is errors.InternalError and back.type == "KeyError" and str(back) == "KeyError: 'missing'"
    assert "in broken" in back.traceback and any("in broken" in note for note in back.__notes__)
    again = errors.from_record(errors.record(back))     # relayed once more: the same
    assert (type(again), str(again), again.traceback) == (errors.InternalError, str(back), back.traceback)
    unknown = errors.from_record({"error": "NoSuchError", "message": "gone"})
    assert type(unknown) is errors.InternalError and str(unknown) == "NoSuchError: gone"


def test_two_error_classes_cannot_share_a_name():
    with pytest.raises(TypeError, match="two error classes named SandboxError"):
        type("SandboxError", (errors.AutograderError,), {"__module__": "elsewhere"})


@pytest.mark.parametrize("error, status", [(errors.SandboxError("no sandbox"), 1), (errors.CourseError("no course"), 2)])
def test_the_command_line_exits_with_the_errors_status(monkeypatch, capsys, error, status):
    def command(args):
        raise error

    monkeypatch.setattr(cli, "cmd_validate", command)
    assert cli.main(["validate"]) == status
    assert capsys.readouterr().err == f"error: {error}\n"


def test_the_command_line_keeps_a_bugs_traceback(monkeypatch):
    def command(args):
        raise errors.ReferenceFailure("reference x.f failed: ValueError: no")

    monkeypatch.setattr(cli, "cmd_validate", command)
    with pytest.raises(errors.ReferenceFailure):
        cli.main(["validate"])


class _Process:
    """What WorkerPool reads of a worker's process, for a worker run in a thread here."""

    def __init__(self):
        self.sentinel, self.writer = Pipe(duplex=False)   # never ready while the writer is open: no exit
        self.exitcode = None

    def is_alive(self):
        return False


@pytest.mark.batch   # builds a WorkerPool (its workers are threads here)
def test_the_pool_raises_its_workers_start_up_error_as_its_own_class(monkeypatch):
    from autograder import local_pool
    from autograder.batch import Task
    from autograder.settings import Settings

    class Grader:
        @staticmethod
        def open(*args, **kwargs):
            raise errors.SandboxError("the bwrap sandbox did not start: no user namespaces")

    monkeypatch.setattr(local_pool, "Grader", Grader)

    def start(pool):   # a worker as _worker_main runs it, in a thread, over a real pipe
        worker = object.__new__(local_pool._Worker)
        worker.connection, remote = Pipe()
        worker.process, worker.ready, worker.task, worker.started = _Process(), False, None, time.monotonic()
        threading.Thread(target=local_pool._worker_main, args=(remote, COURSE.assignment("gradient_basics"), {}, None)).start()
        return worker

    monkeypatch.setattr(local_pool.WorkerPool, "_start", start)
    pool = local_pool.WorkerPool(COURSE.assignment("gradient_basics"), Settings(device="cpu", workers=1), None)
    pool.start(1, on_result=lambda *args: pytest.fail("no submission was graded"))
    with pytest.raises(errors.SandboxError, match="the bwrap sandbox did not start: no user namespaces"):
        pool.run([Task("ann", Path("nowhere.ipynb"))])


def test_a_dask_tasks_error_reaches_the_client_as_its_own_class(monkeypatch):
    dask_cluster = pytest.importorskip("autograder.dask_cluster")
    from autograder import reference_cache
    from autograder.settings import Settings

    class Grader:
        checks = None

        @classmethod
        @contextlib.contextmanager
        def open(cls, *args, **kwargs):
            yield cls()

    def self_test(*args):
        raise errors.ReferenceSelfTestError("the reference fails its own checks (a grader bug):\ntest_x: wrong")

    monkeypatch.setattr(dask_cluster, "Grader", Grader)
    monkeypatch.setattr(reference_cache, "self_test", self_test)
    grader = dask_cluster._WarmGrader(COURSE.assignment("gradient_basics"), Settings(device="cpu"), None)
    monkeypatch.setattr(dask_cluster, "_grader", lambda name: grader)
    try:
        answer = pickle.loads(pickle.dumps(dask_cluster.warm_task("plugin", [0])))   # as Dask carries it
    finally:
        grader.stop()
    assert answer[0] == "error" and isinstance(answer[1], dict)   # data, no exception object
    with pytest.raises(errors.ReferenceSelfTestError, match="fails its own checks") as raised:
        dask_cluster._unwrap(answer)
    assert "test_x: wrong" in str(raised.value)
