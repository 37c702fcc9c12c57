"""Checks are pytest tests; this adapter runs them against submissions and collects results.

One pytest session is started per process (``check_session``): it collects an
assignment's check module once, then ``drive`` hands it submissions one after another
(a batch worker's whole queue, or a single notebook). For each submission every
selected check item runs through pytest's own ``runtestprotocol`` (fixtures, setup and
teardown as usual) and its outcome becomes a ``TestResult``.

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
from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

from . import course as courses
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


class GradingPlugin:
    def __init__(self, assignment: str, device, seed: int, drive, select=None):
        self.assignment = assignment
        self._device = torch.device(device)
        self.seed = seed
        self.drive = drive
        self.select = select or (lambda meta: True)
        self.items = []
        self.total_points = 0.0   # of every check of the assignment, selected or not
        self.current = None
        self.hidden_seed: int | None = None
        self.failures: dict[str, BaseException] = {}
        self.reference_runner = ReferenceRunner(assignment, self._device)   # its cache lives as long as the session
        self._input_factory = course_input_factory(assignment)

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
    def pytest_runtestloop(self, session):
        if session.testsfailed:
            raise session.Interrupted(f"{session.testsfailed} errors while collecting the checks")
        self.items = list(session.items)
        self.drive(self)
        return True

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
                with collecting_details() as details, feedback_for(_visibility(item)):
                    reports = runtestprotocol(item, nextitem=nextitem, log=False)
                yield item, self._result(item, reports, details)
        finally:
            self.current, self.hidden_seed = None, None


def checks_module(assignment: str) -> Path:
    """The assignment's checks file (the course is put on sys.path for its imports)."""
    found = courses.assignment(assignment)
    courses.activate(found.root)
    return found.checks_file


def course_input_factory(assignment: str) -> type[InputFactory]:
    """The assignment's ``Inputs`` (its own ``inputs.py``, else the course's), else the engine's."""
    try:
        found = courses.assignment(assignment)
    except CourseError:   # checks run outside a course (the engine's own tests)
        return InputFactory
    for module in (found.content_module("inputs"), courses.load_course(found.root).content_module("inputs")):
        if module is not None and hasattr(module, "Inputs"):
            return module.Inputs
    return InputFactory


def _visibility(item) -> str:
    return item.get_closest_marker("graded").kwargs.get("visibility", "hidden")


@contextmanager
def _quiet_pytest_environment():
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved


def check_session(assignment: str, drive, *, device="cpu", seed: int = 0, select=None) -> None:
    """Collect ``assignment``'s checks once, then call ``drive(checks)``.

    ``checks.grade(submission, hidden_seed=...) -> list[TestResult]`` may be called any number of times;
    ``checks.plan()`` lists the checks without running them.
    ``select(marker_kwargs) -> bool`` picks checks (e.g. public ones only).
    """
    checks = checks_module(assignment)
    if not checks.exists():
        raise CourseError(f"{checks}: the checks of {assignment} are missing")
    plugin = GradingPlugin(assignment, device, seed, drive, select)
    args = [str(checks), "-c", os.devnull, "--rootdir", str(checks.parent),
            "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:stepwise", "-p", "no:junitxml",
            "-p", "no:doctest", "-p", "no:pastebin", "-p", "no:faulthandler", "--capture=no",
            "-W", "ignore"]
    with _quiet_pytest_environment():
        code = pytest.main(args, plugins=[plugin])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED):
        raise CourseError(f"the checks of {assignment} could not be collected (pytest exit code {code}); "
                          f"`python -m pytest --collect-only {checks}` shows why")
