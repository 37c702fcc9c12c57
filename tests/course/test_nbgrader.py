"""nbgrader itself on the course: autograde scores, and agreement with our grader.

Runs the real ``nbgrader autograde`` once per assignment in a throw-away copy of the
course, on the unchanged release, the instructor's solution and a few corpus cases
(its hidden-test cells call the same checks as our grader, through
``autograder.nbgrader_checks``).
"""

import shutil

import pytest

from autograder.assignments import ASSIGNMENTS, release_notebook, source_notebook
from autograder.grade import run_grader
from autograder.release import copy_course, run_nbgrader
from autograder.runner import check_session
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


def autograde(course_dir, assignment, submissions: dict):
    """Run nbgrader autograde on ``{student: notebook path}``; return its per-cell scores."""
    course = copy_course(course_dir)
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
def test_nbgrader_autograde_scores_the_course_as_our_grader_does(tmp_path, assignment):
    cases = [c for c in corpus.cases(assignment) if c.id in AGREEMENT_CASES]
    submissions = {"stub": release_notebook(assignment), "solution": source_notebook(assignment)}
    submissions |= {c.name: write_sample(c.path, assignment, tmp_path / "nb" / c.name / f"{assignment}.ipynb")
                    for c in cases}
    theirs = autograde(tmp_path / "course", assignment, submissions)

    # An unchanged release scores 0, the instructor's solution full marks.
    plan = []
    check_session(assignment, lambda checks: plan.extend(checks.plan()))
    assert sum(theirs["stub"].values()) == 0, theirs["stub"]
    assert sum(theirs["solution"].values()) == sum(t.max_points for t in plan), theirs["solution"]

    # Cell by cell, the same scores as our sandboxed grader.
    ours = {}
    grade_all = lambda grader: ours.update({n: cell_scores(grader.grade(p, n)) for n, p in submissions.items()})  # noqa: E731
    run_grader(assignment, load_settings({"device": "cpu"}), grade_all)
    for name in submissions:
        assert theirs[name] == pytest.approx(ours[name]), f"{assignment}/{name}"


def test_the_agreement_cases_exist():
    assert {c.id for c in corpus.cases()} >= set(AGREEMENT_CASES)
