"""nbgrader's cell points and the grader's check points are the same numbers."""

import nbformat
import pytest

from autograder.authoring.validate import points_problems
from autograder.runner import CheckSession
from tests.helpers.course import ASSIGNMENTS, COURSE, DEPENDENCIES, GRADED_FUNCTIONS, source_notebook


def planned(assignment):
    with CheckSession.open(COURSE.assignment(assignment)) as checks:
        return checks.plan()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_cell_points_equal_check_points(assignment):
    nb = nbformat.read(source_notebook(assignment), as_version=4)
    assert points_problems(GRADED_FUNCTIONS[assignment], nb, planned(assignment)) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_dependencies_are_checked_before_their_dependents(assignment):
    # A dependent's checks swap in reference versions of its dependencies; checking the
    # dependencies first means no later check could use a stand-in captured then.
    order = [t.function for t in planned(assignment)]
    for function, needs in DEPENDENCIES.get(assignment, {}).items():
        for need in needs:
            assert max(i for i, f in enumerate(order) if f == need) < min(i for i, f in enumerate(order) if f == function)
