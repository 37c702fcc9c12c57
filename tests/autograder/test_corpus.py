"""The submission corpus (tests/corpus): every case graded as its .json says.

Correct styles keep full marks, each misconception loses points on its own function
only and its message names it, a broken cell costs only the function it defines.
Graded once per assignment (one sandbox, one check session), checked per case. Every case
must hold on every hidden-input variant: ``--hidden-variant N`` grades them all with variant N.
"""

import pytest

from tests.helpers.course import ASSIGNMENTS, COURSE
from tests.helpers import corpus

pytestmark = [pytest.mark.slow, pytest.mark.batch]


@pytest.fixture(scope="module")
def graded(graded_corpus):
    return graded_corpus


@pytest.mark.parametrize("case", corpus.cases(), ids=lambda case: case.id)
def test_case_is_graded_as_expected(graded, case, grading_device):
    if grading_device not in case.expected.get("devices", ["cpu", "cuda"]):
        pytest.skip(f"this case is about grading on {case.expected['devices']}")
    result = graded[case.id]
    problems = corpus.verdict(case, result)
    assert not problems, "\n".join(problems + [f"cell errors: {result.cell_errors}"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_corpus_covers_correct_styles_and_the_catalogue(assignment):
    from autograder.authoring.corpus import rule_problems
    from tests.helpers.course import COURSE

    correct = [c for c in corpus.cases(assignment) if c.correct]
    assert len(correct) >= 3, f"{assignment}: at least three correct styles, found {len(correct)}"
    assert rule_problems(COURSE.assignment(assignment)) == []   # validate's corpus step: a broken cell, ...


def test_every_catalogued_misconception_has_a_case():
    from autograder.misconceptions import known

    named = {rule.get("misconception") for case in corpus.cases() for rule in case.expected.get("lost", {}).values()
             if rule}
    missing = sorted(key for key in known(COURSE) if key not in named)
    assert not missing, f"misconceptions without a corpus case: {missing}"


@pytest.mark.parametrize("case", [c for c in corpus.cases() if c.correct], ids=lambda case: case.id)
def test_a_correct_case_keeps_its_plots_and_is_never_truncated(graded, case):
    """Plot data over the per-check budget is made to fit (autograd_descent's Himmelblau paths were dropped
    whole, and every page said output was cut): a correct submission keeps every picture, uncut."""
    from autograder.sinks.feedback import render_feedback

    result = graded[case.id]
    assert (result.truncated, result.plots_dropped) == (False, [])
    with_plots = [t.name for t in result.tests if t.visibility == "public" and t.details]
    if case.assignment == "autograd_descent":
        assert "test_exercise_3_reproduces_the_lesson_runs" in with_plots, with_plots
    if with_plots:
        assert render_feedback(COURSE, result).count('<img src="data:image/png;base64,') >= len(with_plots)
