"""Checks are pytest tests; this adapter runs them against submissions and collects results.

A ``CheckSession`` is one pytest session over an assignment's checks, driven through
pytest's session API the way ``_pytest.main.wrap_session`` drives it, without its run
loop: ``CheckSession.open`` builds the config, configures it, starts the session and
collects the checks once; ``grade`` then runs every selected check item against a
submission through pytest's own ``runtestprotocol`` (fixtures, setup and teardown as
usual), as many times as there are submissions, and returns the ``TestResult``s;
``close`` finishes the session. One process holds one session (a batch worker's whole
queue, or a single notebook).

Fixtures for checks: ``student`` (the submission being graded), ``reference`` (a
``ReferenceRunner`` on the grading device), ``device`` and ``inputs`` (an
``InputFactory`` seeded from the check's name and, for hidden checks, the hidden seed
of the submission's variant; see ``autograder.variants``). While a hidden check runs,
its messages use the hidden wording (no expected values; ``expectations.feedback_for``).
"""

from __future__ import annotations

import logging
import os
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch
from _pytest.config import _prepareconfig
from _pytest.main import Session
from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

from .course import Assignment
from .errors import CourseError
from .expectations import GradingFailure, collecting_details, feedback_for
from .inputs import InputFactory, check_seed
from pcpt_portable.messages import CHECK_FAILED, INTERNAL_ERROR
from .reference_runner import ReferenceFailure, ReferenceRunner
from .results import Outcome, TestResult

log = logging.getLogger(__name__)


def graded(function: str, points: float, *, public: bool = False):
    """Mark a check: which graded function it checks, its points, and whether it is public."""
    return pytest.mark.graded(function=function, points=float(points), visibility="public" if public else "hidden")


class CheckSession:
    """An assignment's checks, collected once by one pytest session, run per submission.

    The object is also the pytest plugin of its session (the hooks and fixtures below).
    Open it with ``CheckSession.open`` and close it (``with`` does) when the process is done.
    """

    def __init__(self, assignment: Assignment, device, seed: int, select=None):
        self.assignment = assignment
        self._device = torch.device(device)
        self.seed = seed
        self.select = select or (lambda meta: True)
        self.config = None
        self.session: Session | None = None
        self.items = []
        self.total_points = 0.0   # of every check of the assignment, selected or not
        self.current = None
        self.hidden_seed: int | None = None
        self.failures: dict[str, BaseException] = {}
        self.reference_runner = ReferenceRunner(assignment, self._device)   # its cache lives as long as the session
        self._input_factory = course_input_factory(assignment)

    # -- the session's life: pytest's wrap_session, with our own run instead of its loop --

    @classmethod
    def open(cls, assignment: Assignment, *, device="cpu", seed: int = 0, select=None) -> CheckSession:
        """Collect ``assignment``'s checks once; ``select(marker_kwargs) -> bool`` picks checks
        (e.g. public ones only). A checks file that cannot be collected is a ``CourseError``."""
        checks = checks_module(assignment)
        if not checks.exists():
            raise CourseError(f"{checks}: the checks of {assignment.name} are missing")
        opened = cls(assignment, device, seed, select)
        with _quiet_pytest_environment():
            opened.config = _prepareconfig(_pytest_args(checks), plugins=[opened])
        try:
            opened._collect(checks)
        except BaseException:
            opened.close()
            raise
        return opened

    def _collect(self, checks: Path) -> None:
        config = self.config
        session = Session.from_config(config)
        session.exitstatus = pytest.ExitCode.OK
        config._do_configure()
        config.hook.pytest_sessionstart(session=session)
        self.session = session   # started: close() finishes it
        why = None
        try:
            config.hook.pytest_collection(session=session)
        except pytest.UsageError as exc:   # e.g. a check without @graded
            why = str(exc)
        if why is None and session.testsfailed:
            why = f"{session.testsfailed} error(s) while collecting"
        if why is not None:
            session.exitstatus = pytest.ExitCode.INTERRUPTED
            raise CourseError(f"the checks of {self.assignment.name} could not be collected ({why}); "
                              f"`python -m pytest --collect-only {checks}` shows why")
        self.items = list(session.items)

    def close(self) -> None:
        """Finish the session and unconfigure pytest (its import hooks, its plugins)."""
        config, session, self.config, self.session = self.config, self.session, None, None
        if config is None:
            return
        try:
            if session is not None:
                config.hook.pytest_sessionfinish(session=session, exitstatus=session.exitstatus)
        finally:
            config._ensure_unconfigure()

    def __enter__(self) -> CheckSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- pytest hooks --------------------------------------------------------------------

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "graded(function, points, visibility): a graded check")

    def pytest_collection_modifyitems(self, session, config, items):
        selected = []
        for item in items:
            marker = item.get_closest_marker("graded")
            if marker is None:
                raise pytest.UsageError(f"check {item.nodeid} has no @graded marker")
            self.total_points += float(marker.kwargs["points"])
            if self.select(dict(marker.kwargs)):
                selected.append(item)
        items[:] = selected

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """A lean report: keep the exception for ``_result``; skip pytest's traceback
        formatting (source introspection costs ~30 ms per failed check, and nobody reads it)."""
        if call.excinfo is None:
            return TestReport(item.nodeid, item.location, {}, "passed", None, call.when,
                              duration=call.duration, start=call.start, stop=call.stop)
        if call.when in ("setup", "call"):
            self.failures[item.nodeid] = call.excinfo.value
        return TestReport(item.nodeid, item.location, {}, "failed", str(call.excinfo.value)[:2000], call.when,
                          duration=call.duration, start=call.start, stop=call.stop)

    # -- fixtures ------------------------------------------------------------------------

    @pytest.fixture
    def student(self):
        return self.current

    @pytest.fixture
    def reference(self):
        return self.reference_runner

    @pytest.fixture
    def device(self):
        return self._device

    @pytest.fixture
    def inputs(self, request):
        if _visibility(request.node) == "public":
            return self._input_factory(check_seed(self.seed, request.node.name), self._device)
        if self.hidden_seed is None:
            raise RuntimeError("hidden checks need the hidden seed of a variant (grade(..., hidden_seed=...))")
        return self._input_factory(check_seed(self.hidden_seed, request.node.name), self._device)

    # -- grading -------------------------------------------------------------------------

    def _result(self, item, reports, details) -> TestResult:
        meta = item.get_closest_marker("graded").kwargs
        result = TestResult(name=item.name, function=meta["function"], points=0.0, max_points=meta["points"],
                            outcome=Outcome.PASSED, visibility=meta.get("visibility", "hidden"))
        if result.visibility == "public" and details:
            result.details = details[0] if len(details) == 1 else {"kind": "several", "items": details}
        if all(report.passed for report in reports):
            result.points = result.max_points
            return result
        failure = self.failures.pop(item.nodeid, None)
        if isinstance(failure, GradingFailure):
            result.outcome, result.message = failure.outcome, failure.message
            result.misconception = failure.misconception.key if failure.misconception else None
        elif isinstance(failure, AssertionError):
            result.outcome, result.message = Outcome.FAILED, str(failure) or CHECK_FAILED
        else:
            error = "unknown" if failure is None else f"{type(failure).__name__}: {failure}"
            if failure is not None and not isinstance(failure, ReferenceFailure):
                log.error("check %s raised\n%s", item.nodeid, "".join(traceback.format_exception(failure)))
            result.outcome, result.message = Outcome.ERROR, INTERNAL_ERROR.format(error=error)
        return result

    def plan(self) -> list[TestResult]:
        """Every selected check with its points, as not-yet-run results."""
        results = []
        for item in self.items:
            meta = item.get_closest_marker("graded").kwargs
            results.append(TestResult(item.name, meta["function"], 0.0, meta["points"], Outcome.ERROR,
                                      visibility=meta.get("visibility", "hidden")))
        return results

    def grade(self, submission, *, hidden_seed: int | None = None, select=None) -> list[TestResult]:
        """Run every selected check against ``submission``; hidden checks draw their inputs
        from ``hidden_seed`` (``HiddenVariants.seed`` of the submission's variant).
        ``select(marker_kwargs)`` narrows the session's checks for this call."""
        return [result for _, result in self.grade_each(submission, hidden_seed=hidden_seed, select=select)]

    def grade_each(self, submission, *, hidden_seed: int | None = None, select=None):
        """Run the selected checks against ``submission`` one by one, yielding ``(item, result)``."""
        self.current, self.hidden_seed = submission, hidden_seed
        self.failures.clear()
        items = [item for item in self.items
                 if select is None or select(dict(item.get_closest_marker("graded").kwargs))]
        try:
            for index, item in enumerate(items):
                nextitem = items[index + 1] if index + 1 < len(items) else None
                with collecting_details() as details, feedback_for(_visibility(item), self.assignment.course):
                    reports = runtestprotocol(item, nextitem=nextitem, log=False)
                yield item, self._result(item, reports, details)
        finally:
            self.current, self.hidden_seed = None, None


def checks_module(assignment: Assignment) -> Path:
    """The assignment's checks file (its imports need the course importable: ``Course.importable``)."""
    return assignment.checks_file


def course_input_factory(assignment: Assignment) -> type[InputFactory]:
    """The assignment's ``Inputs`` (its own ``inputs.py``, else the course's), else the engine's."""
    for module in (assignment.content_module("inputs"), assignment.course.content_module("inputs")):
        if module is not None and hasattr(module, "Inputs"):
            return module.Inputs
    return InputFactory


def _visibility(item) -> str:
    return item.get_closest_marker("graded").kwargs.get("visibility", "hidden")


@contextmanager
def _quiet_pytest_environment():
    """No plugin installed in the environment is loaded (pytest reads this while it builds the config)."""
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved


def _pytest_args(checks: Path) -> list[str]:
    """The check file alone: no ini file, no terminal output, none of pytest's plugins that write files."""
    return [str(checks), "-c", os.devnull, "--rootdir", str(checks.parent),
            "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:stepwise", "-p", "no:junitxml",
            "-p", "no:doctest", "-p", "no:pastebin", "-p", "no:faulthandler", "--capture=no",
            "-W", "ignore"]
