"""The reference at grading time (autograder.reference_runner): calls, variants, their cache."""

from __future__ import annotations

import sys
import types

import pytest
import torch

from pathlib import Path

from pathlib import Path

from autograder import reference_runner
from autograder.course import Assignment, Course
from autograder.course import Assignment, Course
from autograder.errors import CourseError
from autograder.reference_runner import ReferenceFailure, ReferenceRunner
from tests.helpers.course import COURSE

MODULE = "reference.tiny_course_for_tests"
TINY = Assignment(Course(Path("/nonexistent-course"), "tiny", ()), "tiny_course_for_tests", ("double", "broken"))
TINY = Assignment(Course(Path("/nonexistent-course"), "tiny", ()), "tiny_course_for_tests", ("double", "broken"))


@pytest.fixture
def runs(monkeypatch):
    """A reference module with ``double`` and ``broken``; the list counts the runs of each."""
    calls: list[str] = []
    module = types.ModuleType(MODULE)

    def double(x):
        calls.append("double")
        return 2 * x

    def broken(x):
        calls.append("broken")
        raise ValueError("the reference has a bug")

    module.double, module.broken = double, broken
    monkeypatch.setitem(sys.modules, MODULE, module)
    monkeypatch.setattr(reference_runner, "reference_module",
                        lambda assignment: sys.modules[f"reference.{assignment.name}"])
    return calls


def plain_double(x):
    return 2 * x


def twice_doubled(x):
    return plain_double(x) + plain_double(x)   # resolved in the reference module's namespace


def new_runner() -> ReferenceRunner:
    return ReferenceRunner(TINY, "cpu")


def test_a_call_returns_the_reference_value_and_runs_once_per_inputs(runs):
    reference = new_runner()
    assert torch.equal(reference.call("double", (torch.tensor([1.0, 2.0]),)), torch.tensor([2.0, 4.0]))
    assert torch.equal(reference.call("double", (torch.tensor([1.0, 2.0]),)), torch.tensor([2.0, 4.0]))
    assert runs == ["double"]
    reference.call("double", (torch.tensor([1.0, 3.0]),))
    assert runs == ["double", "double"] and reference.cache_size() == 2


def test_the_reference_gets_a_copy_of_the_inputs(runs, monkeypatch):
    reference = new_runner()
    monkeypatch.setattr(sys.modules[MODULE], "double", lambda x: x.mul_(2))
    x = torch.tensor([1.0])
    reference.call("double", (x,))
    assert x.item() == 1.0


def test_a_failing_reference_is_a_reference_failure_remembered_for_the_same_inputs(runs):
    reference = new_runner()
    for _ in range(2):
        with pytest.raises(ReferenceFailure, match="tiny_course_for_tests.broken failed: ValueError: the reference"):
            reference.call("broken", (1.0,))
    assert runs == ["broken"]


def test_variants_are_cached_under_their_own_key_and_none_when_they_raise(runs):
    reference = new_runner()
    made = []

    def triple(x):
        made.append(x)
        return 3 * x

    assert reference.variant("double#0:times_three", triple, (2.0,)) == 6.0
    assert reference.variant("double#0:times_three", triple, (2.0,)) == 6.0
    assert made == [2.0] and runs == []
    assert reference.call("double", (2.0,)) == 4.0   # the function's own result is another entry
    assert reference.variant("double#1:raises", lambda x: 1 / 0, (2.0,)) is None


def test_dumped_results_load_into_a_fresh_runner_without_running_the_reference(runs):
    warm = new_runner()
    expected = warm.call("double", (torch.tensor([0.5]),))
    fresh = new_runner()
    assert fresh.load(warm.dump()) == 1
    assert torch.equal(fresh.call("double", (torch.tensor([0.5]),)), expected)
    assert runs == ["double"]


def test_each_runner_has_its_own_cache(runs):
    new_runner().call("double", (1.0,))
    assert new_runner().cache_size() == 0


def test_a_missing_reference_module_is_a_course_error():
    with pytest.raises(CourseError, match=r"unknown assignment .no_such_assignment."):
        ReferenceRunner(COURSE.assignment("no_such_assignment"), "cpu")


def test_prepared_dependencies_count_the_references_own_calls_once_per_inputs_and_runner(runs, monkeypatch):
    module = sys.modules[MODULE]
    module.plain_double, module.twice_doubled = plain_double, twice_doubled
    monkeypatch.setattr(reference_runner, "dependencies",
                        lambda assignment, function: ("plain_double",) if function == "twice_doubled" else ())
    reference = new_runner()
    prepared = reference.prepare_dependencies("twice_doubled", (torch.tensor([1.0]),))
    assert prepared.counts == {"plain_double": 2}
    assert prepared.budget == {"plain_double": 2 * reference_runner.BUDGET_FACTOR + reference_runner.BUDGET_SLACK}
    assert reference.prepare_dependencies("twice_doubled", (torch.tensor([1.0]),)) is prepared
    assert reference.prepare_dependencies("twice_doubled", (torch.tensor([2.0]),)) is not prepared
    assert new_runner().prepare_dependencies("twice_doubled", (torch.tensor([1.0]),)) is not prepared
