"""Scores into nbgrader's gradebook, through nbgrader's own API.

Each graded function has two autograded cells in the notebooks: ``test_<function>``
(visible; our public check) and ``hidden_test_<function>`` (our hidden checks). A
cell's auto_score is the sum of the points of its checks, so ``nbgrader export`` and
formgrader show our grades; each solution cell gets the function's feedback messages
as its automatic comment.
"""

from __future__ import annotations

import tempfile
import warnings
from collections import defaultdict
from pathlib import Path

from ..assignments import COURSE_ID, course_root
from ..release import copy_course, run_nbgrader, use_nbgrader_env
from ..results import GradeResult


def default_db_url(root: Path | None = None) -> str:
    return f"sqlite:///{(root or course_root()) / 'gradebook.db'}"


def cell_for(test) -> str:
    return f"test_{test.function}" if test.visibility == "public" else f"hidden_test_{test.function}"


def cell_scores(result: GradeResult) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for test in result.tests:
        scores[cell_for(test)] += test.points
    return dict(scores)


def ensure_assignment(assignment: str, db_url: str, root: Path | None = None) -> None:
    """Make sure the gradebook knows the assignment's cells (what ``generate_assignment`` records).

    nbgrader is run on a throw-away copy of the course, so the committed releases stay as they are.
    """
    from nbgrader.api import Gradebook, MissingEntry

    use_nbgrader_env()
    with Gradebook(db_url, COURSE_ID) as gradebook:
        try:
            gradebook.find_notebook(assignment, assignment)
            return
        except MissingEntry:
            pass
    with tempfile.TemporaryDirectory(prefix="pcpt-gradebook-") as scratch:
        course = copy_course(Path(scratch), root)
        done = run_nbgrader(["generate_assignment", assignment, "--force", f"--db={db_url}", "--log-level=WARN"],
                            course)
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader could not register {assignment} in {db_url}:\n{done.stderr[-2000:]}")


def write_gradebook(results: list[GradeResult], assignment: str, db_url: str, submitted: Path | None = None,
                    root: Path | None = None) -> int:
    """Record every result; returns how many submissions were written."""
    from nbgrader.api import Gradebook

    ensure_assignment(assignment, db_url, root)
    written = 0
    with warnings.catch_warnings(), Gradebook(db_url, COURSE_ID) as gradebook:
        warnings.simplefilter("ignore")  # nbgrader's own SQLAlchemy autoflush warnings
        for result in results:
            if not result.student_id:
                continue
            gradebook.update_or_create_student(result.student_id)
            extra = {}
            stamp = submitted / result.student_id / assignment / "timestamp.txt" if submitted else None
            if stamp and stamp.exists():
                from nbgrader.utils import parse_utc

                extra["timestamp"] = parse_utc(stamp.read_text().strip())
            gradebook.update_or_create_submission(assignment, result.student_id, **extra)
            for grade_id, points in cell_scores(result).items():
                grade = gradebook.find_grade(grade_id, assignment, assignment, result.student_id)
                grade.auto_score = points
                grade.needs_manual_grade = grade.manual_score is not None
            messages = defaultdict(list)
            for test in result.tests:
                if test.outcome != "passed" and test.message:
                    messages[test.function].append(test.message)
            if result.status == "error" and result.error:
                messages = defaultdict(list, {t.function: [result.error] for t in result.tests})
            for function in {t.function for t in result.tests}:
                comment = gradebook.find_comment(function, assignment, assignment, result.student_id)
                comment.auto_comment = "\n\n".join(dict.fromkeys(messages[function])) or None
            gradebook.db.commit()
            written += 1
    return written


def read_gradebook_scores(assignment: str, db_url: str) -> dict[str, dict[str, float]]:
    """``{student: {grade cell: auto_score}}`` as nbgrader stored them (for tests and checks)."""
    from nbgrader.api import Gradebook

    use_nbgrader_env()
    scores: dict[str, dict[str, float]] = {}
    with Gradebook(db_url, COURSE_ID) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            cells = scores.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = grade.auto_score
    return scores
