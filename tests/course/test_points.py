"""nbgrader's cell points and the grader's check points are the same numbers."""

import nbformat
import pytest

from tests.helpers.course import ASSIGNMENTS, DEPENDENCIES, GRADED_FUNCTIONS, source_notebook
from autograder.runner import check_session


def planned(assignment):
    plan = []
    check_session(assignment, lambda checks: plan.extend(checks.plan()))
    return plan


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_cell_points_equal_check_points(assignment):
    plan = planned(assignment)
    cells = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points")
             for c in nbformat.read(source_notebook(assignment), as_version=4).cells if "nbgrader" in c.metadata}
    for function in GRADED_FUNCTIONS[assignment]:
        public = sum(t.max_points for t in plan if t.function == function and t.visibility == "public")
        hidden = sum(t.max_points for t in plan if t.function == function and t.visibility == "hidden")
        assert (cells[f"test_{function}"], cells[f"hidden_test_{function}"]) == (public, hidden), function


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_dependencies_are_checked_before_their_dependents(assignment):
    # A dependent's checks swap in reference versions of its dependencies; checking the
    # dependencies first means no later check could use a stand-in captured then.
    order = [t.function for t in planned(assignment)]
    for function, needs in DEPENDENCIES.get(assignment, {}).items():
        for need in needs:
            assert max(i for i, f in enumerate(order) if f == need) < min(i for i, f in enumerate(order) if f == function)
