"""Links in nbgrader's submitted/ folder, on the paths that copy submissions for nbgrader:
the gradebook's staging and the autograde preprocessor's child batch (issue 17, item 2).
Neither hands nbgrader or the batch a file a link points at."""

from __future__ import annotations

import shutil

import nbformat

from autograder.nbgrader_autograde import _mirror
from autograder.notebook import SUBMISSION_DEPTH, NotebookError, read_submission
from autograder.results import GradeResult, Status
from autograder.sinks.gradebook import _stage
from tests.helpers.course import COURSE, release_notebook, source_notebook

ASSIGNMENT = "gradient_basics"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SECRET = "5eb63bbbe01eeed093cb22bb8f5acdc3-secret"


def submitted_folder(tmp_path):
    """ann submitted the solution; mal's notebook and mia's assignment folder are links to ann's;
    max's notebook links to a secret file."""
    submitted = tmp_path / "submitted"
    ann = submitted / "ann" / ASSIGNMENT
    ann.mkdir(parents=True)
    shutil.copy(source_notebook(ASSIGNMENT), ann / NOTEBOOK)
    (ann / "timestamp.txt").write_text("2026-12-01 10:00:00")
    secret = tmp_path / ".pcpt_course_secret"
    secret.write_text(SECRET)
    for student, target in (("mal", ann / NOTEBOOK), ("max", secret)):
        (submitted / student / ASSIGNMENT).mkdir(parents=True)
        (submitted / student / ASSIGNMENT / NOTEBOOK).symlink_to(target)
    (submitted / "mal" / ASSIGNMENT / "timestamp.txt").symlink_to(secret)
    (submitted / "mia").mkdir()
    (submitted / "mia" / ASSIGNMENT).symlink_to(ann, target_is_directory=True)
    return submitted


def test_gradebook_staging_copies_only_the_student_s_own_files(tmp_path):
    submitted = submitted_folder(tmp_path)
    results = [GradeResult(ASSIGNMENT, student, "cpu", Status.GRADED) for student in ("ann", "mal", "max", "mia")]
    staging = tmp_path / "staging"
    assert _stage(results, COURSE.assignment(ASSIGNMENT), submitted, staging) == ["ann", "mal", "max", "mia"]
    release = nbformat.read(str(release_notebook(ASSIGNMENT)), as_version=4)
    for student in ("ann", "mal", "max", "mia"):
        folder = staging / student / ASSIGNMENT
        assert not folder.is_symlink() and not (folder / NOTEBOOK).is_symlink()
        staged = nbformat.read(str(folder / NOTEBOOK), as_version=4)
        if student == "ann":
            assert staged == nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4)
            assert (folder / "timestamp.txt").read_text() == "2026-12-01 10:00:00"
        else:   # the release stands in, as for an unreadable notebook
            assert staged == release, student
            assert not (folder / "timestamp.txt").exists()
        assert all(SECRET not in p.read_text() for p in folder.iterdir())


def test_the_autograde_preprocessor_s_child_batch_gets_copies_and_the_links_as_links(tmp_path):
    submitted = submitted_folder(tmp_path)
    scratch = tmp_path / "scratch"
    for student in ("ann", "mal", "max", "mia"):
        _mirror(submitted / student / ASSIGNMENT / NOTEBOOK, scratch / student / ASSIGNMENT / NOTEBOOK)
    ann = scratch / "ann" / ASSIGNMENT / NOTEBOOK
    assert not ann.is_symlink() and ann.read_bytes() == (submitted / "ann" / ASSIGNMENT / NOTEBOOK).read_bytes()
    for student, name in (("mal", NOTEBOOK), ("max", NOTEBOOK), ("mia", ASSIGNMENT)):
        try:
            read_submission(scratch / student / ASSIGNMENT / NOTEBOOK, private_parts=SUBMISSION_DEPTH)
        except NotebookError as refused:
            assert f"`{name}` in the submission is a symbolic link" in str(refused), student
        else:
            raise AssertionError(f"{student}'s link was followed")


def test_nbgrader_keeps_the_release_where_our_grader_read_no_file(tmp_path):
    """nbgrader autograde reads the submitted notebook itself, through a link too: where our grader
    refused the file, the autograded notebook (formgrader, feedback) is the release, not the
    linked student's work."""
    from autograder.nbgrader_autograde import notebook_shown

    victim = nbformat.read(str(source_notebook(ASSIGNMENT)), as_version=4)
    refused = GradeResult(ASSIGNMENT, "mal", "cpu", Status.ERROR, error="a link", notebook_sha256=None)
    assert notebook_shown(victim, refused, COURSE) == nbformat.read(str(release_notebook(ASSIGNMENT)), as_version=4)
    broken = GradeResult(ASSIGNMENT, "eve", "cpu", Status.ERROR, error="not JSON", notebook_sha256="ab" * 32)
    graded = GradeResult(ASSIGNMENT, "ann", "cpu", Status.GRADED, notebook_sha256="cd" * 32)
    assert notebook_shown(victim, broken, COURSE) is victim and notebook_shown(victim, graded, COURSE) is victim
