"""The pytest adapter (autograder.runner): a checks module collected once, run per submission.

The checks module is written to a temporary folder and the reference is a stand-in, so
what is tested is the adapter: markers, points, outcomes, selection, seeded inputs.
"""

from __future__ import annotations

import sys

import pytest

from pathlib import Path

from pathlib import Path

from autograder import runner
from autograder.course import Assignment, Course
from autograder.course import Assignment, Course
from pcpt_portable import messages
from autograder.errors import CourseError
from autograder.results import Outcome
from tests.helpers.fakes import Reference, Student, counting_pytest_sessions

CHECKS = '''
from autograder.expectations import GradingFailure, call
from autograder.runner import graded


@graded("double", 2, public=True)
def test_double_of_three(student):
    if call(student, "double", args=(3,)).value != 6:
        raise GradingFailure("`double` of 3 is not 6")


@graded("double", 3)
def test_double_of_a_hidden_number(student, inputs):
    x = inputs.number(0, 1)
    assert call(student, "double", args=(x,)).value == 2 * x, "wrong for a hidden number"


@graded("half", 1)
def test_half_check_has_a_bug(student):
    raise KeyError("a bug in the check")
'''


@pytest.fixture
def checks_file(tmp_path, monkeypatch):
    def write(text: str):
        path = tmp_path / f"checks_{tmp_path.name}.py"   # one module name per test: pytest imports it by name
        path.write_text(text)
        monkeypatch.setattr(runner, "checks_module", lambda assignment: path)
        monkeypatch.setattr(runner, "ReferenceRunner", lambda assignment, device: Reference())
        return path
    return write


FAKE = Assignment(Course(Path("/nonexistent-course"), "course", ()), "course", ("double", "half"))   # no files


def run(use, **options):
    with runner.CheckSession.open(FAKE, **options) as checks:
        return use(checks)


def test_each_check_becomes_a_result_with_its_function_points_and_visibility(checks_file):
    checks_file(CHECKS)
    results = run(lambda checks: checks.grade(Student(double=lambda x: 2 * x), hidden_seed=7))
    by_name = {r.name: r for r in results}
    assert [r.name for r in results] == ["test_double_of_three", "test_double_of_a_hidden_number",
                                         "test_half_check_has_a_bug"]
    public, hidden, buggy = by_name.values()
    assert (public.function, public.points, public.max_points, public.outcome, public.visibility) == \
        ("double", 2.0, 2.0, Outcome.PASSED, "public")
    assert (hidden.points, hidden.max_points, hidden.outcome, hidden.visibility) == (3.0, 3.0, Outcome.PASSED, "hidden")
    assert buggy.outcome == Outcome.ERROR and buggy.points == 0
    assert buggy.message == messages.INTERNAL_ERROR.format(error="KeyError: 'a bug in the check'")


def test_failed_checks_score_zero_and_carry_the_message(checks_file):
    checks_file(CHECKS)
    results = run(lambda checks: checks.grade(Student(double=lambda x: 3 * x), hidden_seed=7))
    public, hidden, _ = results
    assert (public.outcome, public.points, public.message) == (Outcome.FAILED, 0.0, "`double` of 3 is not 6")
    assert (hidden.outcome, hidden.points) == (Outcome.FAILED, 0.0)
    assert hidden.message.startswith("wrong for a hidden number")


def test_a_missing_function_is_an_error_outcome(checks_file):
    checks_file(CHECKS)
    public = run(lambda checks: checks.grade(Student(), hidden_seed=7))[0]
    assert public.outcome == Outcome.ERROR and public.message == messages.MISSING_MESSAGE.format(function="double")


def test_selection_narrows_the_plan_but_not_the_assignments_points(checks_file):
    checks_file(CHECKS)
    plan, total = run(lambda checks: (checks.plan(), checks.total_points),
                      select=lambda meta: meta["visibility"] == "public")
    assert [(r.name, r.max_points, r.outcome) for r in plan] == [("test_double_of_three", 2.0, Outcome.ERROR)]
    assert total == 6.0


def test_hidden_checks_without_a_hidden_seed_are_internal_errors(checks_file):
    checks_file(CHECKS)
    hidden = run(lambda checks: checks.grade(Student(double=lambda x: 2 * x)))[1]
    assert hidden.outcome == Outcome.ERROR and "hidden seed" in hidden.message


def test_the_same_hidden_seed_draws_the_same_inputs_and_another_seed_others(checks_file):
    checks_file(CHECKS.replace('assert call(student, "double", args=(x,)).value == 2 * x, "wrong for a hidden number"',
                               'raise AssertionError(repr(x))'))
    seen = run(lambda checks: [checks.grade(Student(), hidden_seed=seed)[1].message for seed in (1, 1, 2)])
    assert seen[0] == seen[1] != seen[2]


def test_a_check_without_a_graded_marker_stops_collection(checks_file):
    checks_file("def test_unmarked(student):\n    pass\n")
    with pytest.raises(CourseError, match="could not be collected"):
        run(lambda checks: None)


def test_a_session_collects_once_for_many_submissions_and_leaves_no_pytest_state_behind(checks_file):
    checks_file(CHECKS)
    import_hooks = list(sys.meta_path)
    with counting_pytest_sessions() as counts, runner.CheckSession.open(FAKE) as checks:
        scores = [sum(r.points for r in checks.grade(Student(double=lambda x, k=k: k * x), hidden_seed=7))
                  for k in (2, 3, 2)]
        assert len(sys.meta_path) == len(import_hooks) + 1   # pytest's assertion rewriting, while open
    assert scores == [5.0, 0.0, 5.0]
    assert counts == {"sessions": 1, "collections": 1}
    assert sys.meta_path == import_hooks and checks.config is None   # unconfigured on close


def test_a_check_raising_during_collection_is_a_course_error_and_the_session_is_closed(checks_file):
    checks_file("raise ImportError('no such helper')\n")
    import_hooks = list(sys.meta_path)
    with pytest.raises(CourseError, match="could not be collected"):
        runner.CheckSession.open(FAKE)
    assert sys.meta_path == import_hooks
