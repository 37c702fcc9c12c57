"""Our results into nbgrader: autograded notebooks and gradebook rows, as ``nbgrader autograde`` makes them.

The sink runs nbgrader's own ``Autograde`` converter on the batch's submissions with the
course's preprocessors (``autograder.nbgrader_autograde``): each submission is sanitised
by nbgrader, our result becomes its test cells' outputs, nbgrader's ``SaveAutoGrades``
stores each cell's points as ``auto_score`` and our feedback becomes each solution
cell's ``auto_comment``. The notebook lands in ``autograded/<student>/<assignment>/``
and the submission's timestamp is the one in ``submitted/``, so formgrader lists it as
autograded and ``nbgrader generate_feedback`` renders it. Manual scores, comments and
extra credit set in formgrader are never touched (nbgrader flags a regraded cell that
has a manual score for review, as its own autograde does).

A submission whose file nbgrader cannot read (not JSON, missing) is shown as the
unchanged release notebook with zero points and our reason in every test cell.

Our grader never trusts a submission's nbgrader metadata (the release says which cells are
which), but nbgrader reads it: a duplicated test cell, changed points or a cell made into a
grade cell stopped its autograde (``KeyError: 'grade_id'``, ``MissingEntry``), and the
gradebook disagreed with ``grades.csv``. nbgrader is therefore given the submission with
its grade cells' metadata taken from the release (``restore_release_metadata``, what
nbgrader's ``OverwriteCells`` does for the cells it knows); what was restored is recorded in
the result (``metadata_restored``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import warnings
from collections import defaultdict
from pathlib import Path

import nbformat

from ..course import Assignment, Course
from ..errors import AutograderError
from ..nbgrader_autograde import AUTOGRADE_PREPROCESSORS, cell_for
from ..notebook import SUBMISSION_DEPTH, NotebookError, read_own_file
from ..release import copy_course, run_nbgrader, use_nbgrader_env
from ..results import GradeResult
from .files import write_result


class GradebookError(AutograderError, RuntimeError):
    """nbgrader could not record some submissions (the message names them)."""

    exit_status = 1


def default_db_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def cell_scores(result: GradeResult) -> dict[str, float]:
    """``{test cell: points}`` of a result (what the gradebook holds as auto_score)."""
    scores: dict[str, float] = defaultdict(float)
    for test in result.tests:
        scores[cell_for(test)] += test.points
    return dict(scores)


def ensure_assignment(assignment: Assignment, db_url: str) -> None:
    """Make sure the gradebook knows the assignment's cells (what ``generate_assignment`` records).

    nbgrader is run on a throw-away copy of the course, so the committed releases stay as they are.
    """
    from nbgrader.api import Gradebook, MissingEntry

    use_nbgrader_env()
    with Gradebook(db_url, assignment.course.course_id) as gradebook:
        try:
            gradebook.find_notebook(assignment.name, assignment.name)
            return
        except MissingEntry:
            pass
    with tempfile.TemporaryDirectory(prefix="pcpt-gradebook-") as scratch:
        course = copy_course(Path(scratch), assignment.root)
        done = run_nbgrader(["generate_assignment", assignment.name, "--force", f"--db={db_url}", "--log-level=WARN"],
                            course)
        if done.returncode != 0:
            raise GradebookError(f"nbgrader could not register {assignment.name} in {db_url}:\n{done.stderr[-2000:]}")


def course_of(submitted: Path, course: Course) -> Path:
    """The nbgrader course a submitted/ folder belongs to (nbgrader's layout), else ``course``'s folder."""
    submitted = Path(submitted).resolve()
    return submitted.parent if submitted.name == "submitted" else course.root


def _own_bytes(path: Path) -> bytes | None:
    """A file of the submission as grading reads it (no link followed, size bounded), or None."""
    try:
        return read_own_file(path, SUBMISSION_DEPTH)
    except (NotebookError, OSError):
        return None


def _readable(raw: bytes | None):
    """The notebook in ``raw``, or None when nbgrader could not read it either."""
    if raw is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # nbformat's note on repeated cell ids (it renumbers them)
            notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
            nbformat.validate(notebook)
        return notebook
    except Exception:  # noqa: BLE001 - whatever nbgrader could not read either
        return None


_RELEASE_KEYS = ("grade", "solution", "locked", "task", "points")


def restore_release_metadata(nb, release) -> list[str]:
    """Make ``nb``'s nbgrader cell metadata the release's, in place; return what was changed.

    A cell keeps its nbgrader metadata only when its grade_id is a release cell's and is the
    first cell with it; its flags and points are then the release's. Any other nbgrader
    metadata (an unknown or repeated grade_id, none at all) is removed, so nbgrader sees an
    ordinary cell; a release cell that is missing nbgrader adds back itself.
    """
    known = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"] for c in release.cells
             if c.metadata.get("nbgrader", {}).get("grade_id")}
    changes, seen = [], set()
    for index, cell in enumerate(nb.cells, start=1):
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id not in known or grade_id in seen:
            why = "repeats" if grade_id in seen else "is not a cell of the release" if grade_id else "has no grade_id"
            if any(meta.get(k) for k in ("grade", "solution", "locked", "task")) if isinstance(meta, dict) else True:
                changes.append(f"cell {index}: nbgrader metadata removed (its grade_id {grade_id!r} {why})")
            del cell.metadata["nbgrader"]
            continue
        seen.add(grade_id)
        changed = [k for k in _RELEASE_KEYS if meta.get(k) != known[grade_id].get(k)]
        if changed:
            changes.append(f"cell {index} ({grade_id}): " + ", ".join(
                f"{k} {meta.get(k)!r} restored to {known[grade_id].get(k)!r}" for k in changed))
        cell.metadata["nbgrader"] = dict(known[grade_id])
    return changes


def _stage(results: list[GradeResult], assignment: Assignment, submitted: Path, staging: Path) -> list[str]:
    """``staging/<student>/<assignment>``: a copy of the submitted notebook (with its nbgrader
    metadata restored from the release, recorded in the result) and of the files nbgrader collect
    left there, or the release standing in for an unreadable notebook. Copies of what grading
    read, never the folder itself: a link planted in it would hand nbgrader another file."""
    release = nbformat.read(str(assignment.release_notebook), as_version=4)
    name = assignment.name
    students = []
    for result in results:
        if not result.student_id:
            continue
        source = Path(submitted) / result.student_id / name
        target = staging / result.student_id / name
        target.mkdir(parents=True)
        raw = _own_bytes(source / f"{name}.ipynb")
        notebook = _readable(raw)
        changes = restore_release_metadata(notebook, release) if notebook is not None else []
        result.metadata_restored = changes
        if notebook is not None and not changes:
            (target / f"{name}.ipynb").write_bytes(raw)
        elif notebook is not None:
            nbformat.write(notebook, str(target / f"{name}.ipynb"))
        else:
            shutil.copy(assignment.release_notebook, target / f"{name}.ipynb")
        for kept in ("timestamp.txt", "submission_secret.txt"):   # what nbgrader collect left there
            content = _own_bytes(source / kept)
            if content is not None:
                (target / kept).write_bytes(content)
        students.append(result.student_id)
    return students


def write_gradebook(results: list[GradeResult], assignment: Assignment, db_url: str, submitted: Path, out: Path,
                    root: Path | None = None) -> int:
    """Autograde every result's submission with nbgrader's converter; returns how many were written.

    ``out`` is the batch's output folder (its ``results/`` are what the test cells show);
    ``root`` the course whose ``autograded/`` receives the notebooks (default: see ``course_of``).
    """
    from nbgrader.converters import Autograde, NbGraderException
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    course = Path(root) if root else course_of(submitted, assignment.course)
    ensure_assignment(assignment, db_url)
    log = logging.getLogger("autograder.nbgrader")
    log.setLevel(logging.ERROR)
    failures: list[str] = []
    handler = _Collect(failures)
    log.addHandler(handler)
    with tempfile.TemporaryDirectory(prefix="pcpt-autograded-") as scratch, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy warnings
        staging = Path(scratch) / "submitted"
        students = _stage(results, assignment, submitted, staging)
        for result in results:
            if result.metadata_restored:
                write_result(Path(out), result)   # the record says what nbgrader was given instead
        if not students:
            return 0
        config = Config()
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.submitted_directory = str(staging)
        config.CourseDirectory.db_url = db_url
        config.CourseDirectory.course_id = assignment.course.course_id
        config.SandboxedGrading.course_root = str(assignment.root)
        config.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
        config.Autograde.force = True
        config.OverwriteCells.add_missing_cells = True
        config.SandboxedGrading.results_dir = str(Path(out).resolve() / "results")
        config.SandboxedGrading.trust_results = True
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = assignment.name
        try:
            Autograde(coursedir=coursedir, config=config, log=log).start()
        except NbGraderException:
            pass   # the failed students are in ``failures``
        finally:
            log.removeHandler(handler)
    if failures:
        raise GradebookError("nbgrader could not autograde: " + "; ".join(failures)[:2000])
    return len(students)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record):
        self.into.append(record.getMessage().splitlines()[-1])


def read_gradebook_scores(course: Course, assignment: str, db_url: str) -> dict[str, dict[str, float]]:
    """``{student: {grade cell: auto_score}}`` as nbgrader stored them (for tests and checks)."""
    from nbgrader.api import Gradebook

    use_nbgrader_env()
    scores: dict[str, dict[str, float]] = {}
    with Gradebook(db_url, course.course_id) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            cells = scores.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = grade.auto_score
    return scores
