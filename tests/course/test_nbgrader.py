"""``nbgrader autograde`` on the course gives our grader's scores, cell by cell, on the corpus.

The course's ``nbgrader_config.py`` makes nbgrader's autograde step use our sandboxed
grader (``autograder.nbgrader_autograde``). Per assignment, in a throw-away copy of the
course: the unchanged release, the instructor's solution and a cross-section of the corpus are
graded once by our batch (into a folder nbgrader does not read) and once by one real
``nbgrader autograde`` run over all of them, which has to grade them itself; the
gradebook must then hold exactly our per-cell points and our comments.
"""

import shutil

import pytest

from tests.helpers.course import ASSIGNMENTS, COURSE, PROJECT_ROOT, release_notebook, source_notebook
from autograder.batch import run_batch
from autograder.nbgrader_autograde import function_comments
from autograder.release import copy_course, run_nbgrader
from autograder.settings import load_settings
from autograder.sinks.gradebook import cell_scores, read_gradebook_scores
from tests.helpers import corpus

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def autograde(course, assignment):
    """One ``nbgrader autograde`` over every submission; return its per-cell scores and comments."""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{course / 'gradebook.db'}"
    done = run_nbgrader(["autograde", assignment, "--create", "--force", f"--db={db}"], course)
    assert done.returncode == 0, done.stderr[-3000:]
    comments = {}
    with Gradebook(db) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            comments[submission.student.id] = {c.name: c.auto_comment for n in submission.notebooks for c in n.comments}
    return read_gradebook_scores(COURSE, assignment, db), comments


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_autograde_scores_a_cross_section_of_the_corpus_as_our_grader_does(tmp_path, monkeypatch,
                                                                                    assignment):
    monkeypatch.setenv("PCPT_DEVICE", "cpu")   # the grader nbgrader starts grades on the same device as ours
    course = copy_course(tmp_path / "course", PROJECT_ROOT)
    done = run_nbgrader(["generate_assignment", assignment, "--force", f"--db=sqlite:///{course / 'gradebook.db'}"],
                        course)
    assert done.returncode == 0, done.stderr[-2000:]
    # nbgrader maps our per-function results to its cells the same way for every case, so one
    # case of each kind stands for the corpus (test_corpus grades all of it with our grader).
    cases = corpus.cross_section(assignment)
    assert len(cases) >= 4, [c.name for c in cases]
    submitted = course / "submitted"
    for name, notebook in (("stub", release_notebook(assignment)), ("solution", source_notebook(assignment))):
        (submitted / name / assignment).mkdir(parents=True)
        shutil.copy(notebook, submitted / name / assignment / f"{assignment}.ipynb")
    for case in cases:
        corpus.build(case, submitted / case.name / assignment)

    ours = run_batch(submitted, COURSE.assignment(assignment), load_settings({"device": "cpu"}), tmp_path / "ours").results
    theirs, comments = autograde(course, assignment)

    assert set(theirs) == set(ours) == {"stub", "solution"} | {c.name for c in cases}
    assert sum(theirs["stub"].values()) == 0, theirs["stub"]
    assert sum(theirs["solution"].values()) == ours["solution"].max_score, theirs["solution"]
    disagreements = {name: (theirs[name], cell_scores(result)) for name, result in ours.items()
                     if theirs[name] != pytest.approx(cell_scores(result))}
    assert not disagreements, disagreements
    for name, result in ours.items():
        expected = function_comments(result)
        for function, comment in comments[name].items():
            if comment != "No response.":   # nbgrader's word for an untouched solution cell
                assert comment == expected[function], (name, function)
    assert not (course / "grading").exists()   # nbgrader graded by itself, from no cached result
