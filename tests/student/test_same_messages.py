"""The student check reads as grading: for every public check of every corpus case, the same outcome,
the same message and the same misconception, from the grader (in its sandbox, against the reference)
and from the student package's runner (in-process, against the stored check data)."""

import sys

import pytest

from tests.helpers import corpus
from tests.helpers.course import PROJECT_ROOT



@pytest.fixture(scope="module")
def student_runner():
    sys.path.insert(0, str(PROJECT_ROOT / "student"))
    try:
        from pcpt_check.notebook import run_notebook
        from pcpt_check.runner import run_checks
    finally:
        sys.path.remove(str(PROJECT_ROOT / "student"))
    return run_notebook, run_checks


def test_a_failure_caused_by_a_failing_dependency_gets_a_note(student_runner, tmp_path):
    run_notebook, run_checks = student_runner
    case = next(c for c in corpus.cases("linear_regression") if c.name == "sum_instead_of_mean")
    namespace, cell_errors = run_notebook(corpus.build(case, tmp_path))
    outcomes = {o.function: o for o in run_checks("linear_regression", namespace, None, cell_errors).outcomes}
    assert outcomes["mse_loss"].misconception == "sum_instead_of_mean" and not outcomes["mse_loss"].note
    assert outcomes["linear_regression_gradients"].outcome == "passed"
    assert outcomes["train_linear_regression"].failing_dependencies == ["mse_loss"]
    note = outcomes["train_linear_regression"].note    # it calls the student's mse_loss for its losses
    assert "calls your `mse_loss`, which fails its own public check" in note and "fix `mse_loss` first" in note
    # learning_rate_sweep calls train_linear_regression, which calls mse_loss: only the direct call is named
    assert "calls your `train_linear_regression`, which fails" in outcomes["learning_rate_sweep"].note
    assert "mse_loss" not in outcomes["learning_rate_sweep"].note


@pytest.mark.batch
@pytest.mark.slow
def test_student_check_words_every_public_check_as_grading(graded_corpus, student_runner, tmp_path, grading_device):
    run_notebook, run_checks = student_runner
    compared, differences, by_dependency, hint_only = 0, [], [], []
    for case in corpus.cases():
        result = graded_corpus[case.id]
        if result.status != "graded" or grading_device not in case.expected.get("devices", ["cpu", "cuda"]):
            continue
        namespace, cell_errors = run_notebook(corpus.build(case, tmp_path / case.assignment / case.name))
        local = {o.name: o for o in run_checks(case.assignment, namespace, None, cell_errors).outcomes}
        for test in (t for t in result.tests if t.visibility == "public"):
            mine = local.pop(test.name, None)
            assert mine is not None, f"{case.id}: the student package has no check {test.name}"
            # The student's own dependency ran here, the reference's in grading: the two differ where that
            # dependency fails its own public check, or has a mistake they miss that the case records
            # (a function it loses); any other dependency behaves as the reference's and is compared.
            wrong = set(case.expected.get("lost", {})) - {test.function}
            if mine.failing_dependencies or wrong & set(mine.dependencies):
                by_dependency.append(f"{case.id} {test.name}")
                continue
            compared += 1
            graded = (str(test.outcome), test.message, test.misconception)
            if (test.misconception and mine.misconception is None and str(test.outcome) == mine.outcome
                    and test.message.startswith(mine.message + "\n→ ") and "." not in test.function
                    and test.function[:1].isupper()):
                # Known gap: a graded class's misconception is named by its course check from behaviour
                # (misconception variants are matched per function), which the package does not carry:
                # the same finding, without the hint.
                hint_only.append(f"{case.id} {test.name}")
                continue
            if (mine.outcome, mine.message, mine.misconception) != graded:
                differences.append(f"{case.id} {test.name}:\n  grading: {graded}\n  student: "
                                   f"{(mine.outcome, mine.message, mine.misconception)}")
        assert not local, f"{case.id}: checks only the student package has: {sorted(local)}"
    assert not differences, f"{len(differences)} of {compared} public checks read otherwise:\n" + "\n".join(differences)
    # 690 public checks in 128 graded cases; 57 noted for a dependency, 36 of them its mistake at work (not compared)
    assert compared > 600 and len(by_dependency) < compared / 12, (compared, by_dependency)
    assert len(hint_only) <= 4, hint_only   # backprop's class checks only (Sigmoid, TwoLayerNet)
