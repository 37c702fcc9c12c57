"""No check can be passed by an answer that ignores its inputs (issue class 6).

For every assignment and each kind of constant (tests/helpers/constants.py), a submission whose
every graded function returns that constant is graded; no check of any function may give points.
The submissions are graded in the session's corpus batch (one batch per assignment).
"""

import pytest

from tests.helpers.constants import PLAIN, SHAPED
from tests.helpers.course import ASSIGNMENTS

pytestmark = [pytest.mark.slow, pytest.mark.batch]


@pytest.fixture(scope="module")
def graded(graded_constant_answers):
    return graded_constant_answers


def test_every_graded_function_of_each_assignment_gets_a_constant_submission(graded):
    cases, _ = graded
    assert {(c.assignment, c.name) for c in cases} == {(a, f"constant_{k}") for a in ASSIGNMENTS
                                                        for k in [*PLAIN, *SHAPED]}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_constant_answers_earn_no_points(graded, assignment):
    cases, results = graded
    gained = []
    for case in (c for c in cases if c.assignment == assignment):
        result = results[case.id]
        assert result.status == "graded", (case.id, result.error)
        gained += [f"{case.name}: {t.name} ({t.function})" for t in result.tests if t.points > 0]
    assert not gained, "checks passed by an answer that ignores its inputs:\n" + "\n".join(gained)

