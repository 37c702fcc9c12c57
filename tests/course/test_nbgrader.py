"""nbgrader itself on the course: autograde scores, and agreement with our grader.

Runs the real ``nbgrader autograde`` in a throw-away copy of the course (its
hidden-test cells call the same checks as our grader, through
``autograder.nbgrader_checks``).
"""

import shutil

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.grade import run_grader
from autograder.release import copy_course, run_nbgrader
from autograder.samples import write_sample
from autograder.settings import load_settings
from autograder.sinks.gradebook import cell_scores, read_gradebook_scores
from tests.helpers import corpus

pytestmark = pytest.mark.slow

# Cases whose mistakes stay inside one function even in the student's own notebook (a
# visible test cell there calls the student's own dependencies, which our grader
# replaces with the reference; see README, "Each function is graded on its own").
AGREEMENT_CASES = ["gradient_basics/missing_factor_2", "gradient_basics/correct_autograd_grad_float64",
                   "linear_regression/autograd_not_cleared", "numerical_gradients/float_double_mix"]


def autograde(tmp_path, assignment, submissions: dict):
    """Run nbgrader autograde on ``{student: notebook path}``; return its per-cell scores."""
    course = copy_course(tmp_path / "course")
    db = f"sqlite:///{course / 'gradebook.db'}"
    done = run_nbgrader(["generate_assignment", assignment, "--force", f"--db={db}"], course)
    assert done.returncode == 0, done.stderr[-2000:]
    for student, notebook in submissions.items():
        target = course / "submitted" / student / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copy(notebook, target)
    done = run_nbgrader(["autograde", assignment, "--create", "--force", f"--db={db}"], course)
    assert done.returncode == 0, done.stderr[-3000:]
    return read_gradebook_scores(assignment, db)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_unchanged_release_scores_zero_and_the_solution_full_marks(tmp_path, assignment):
    from autograder.assignments import release_notebook, source_notebook

    scores = autograde(tmp_path, assignment, {"stub": release_notebook(assignment),
                                              "solution": source_notebook(assignment)})
    assert sum(scores["stub"].values()) == 0, scores["stub"]
    nb_points = sum(scores["solution"].values())
    plan = []
    from autograder.runner import check_session
    check_session(assignment, lambda checks: plan.extend(checks.plan()))
    assert nb_points == sum(t.max_points for t in plan), scores["solution"]


def test_nbgrader_autograde_and_our_grader_agree_cell_by_cell(tmp_path):
    selected = [c for c in corpus.cases() if c.id in AGREEMENT_CASES]
    assert len(selected) == len(AGREEMENT_CASES)
    settings = load_settings({"device": "cpu"})
    for assignment in sorted({c.assignment for c in selected}):
        mine = [c for c in selected if c.assignment == assignment]
        paths = {c.name: write_sample(c.path, assignment, tmp_path / "nb" / c.name / f"{assignment}.ipynb")
                 for c in mine}
        theirs = autograde(tmp_path / assignment, assignment, paths)
        ours = {}
        run_grader(assignment, settings,
                   lambda grader: ours.update({n: cell_scores(grader.grade(p, n)) for n, p in paths.items()}))
        for name in paths:
            assert theirs[name] == pytest.approx(ours[name]), f"{assignment}/{name}"
