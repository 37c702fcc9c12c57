"""Grades of a batch in the formats other systems take (``python -m autograder export``).

Read from a batch's output folder (``results/<student>.json``). The score of each student
is the final one: from nbgrader's gradebook when it has the assignment (``final_scores``:
manual scores and extra credit set in formgrader, less nbgrader's late penalty, as
``nbgrader export`` computes it), else our results; a line on stderr (and the long
format's ``score_source`` column) says which. Written as:

- ``canvas``: a Canvas gradebook import CSV. Canvas identifies students by one of the
  columns Student (name), ID (Canvas user id), SIS User ID or SIS Login ID, and needs
  Section; every further column is an assignment. The identification columns come from
  a roster (``read_roster``: a CSV with those column names and ``student_id`` for the
  nbgrader id, e.g. Canvas's own gradebook export with that column added; without it the
  SIS Login ID is the nbgrader id), else from the gradebook's student names and LMS user
  ids, else the nbgrader student id goes into Student and SIS Login ID. The assignment
  column is "Name (Canvas assignment id)" when the id is given, which is how Canvas
  matches a column to an existing assignment (a second import updates it instead of
  making a new one). A second row, "Points Possible", gives the assignment's total, as in
  Canvas's own gradebook export. A notebook that could not be graded (and was not graded
  by hand in formgrader) is left blank, not 0.
- ``gradescope``: one ``<student>/results.json`` per submission in Gradescope's
  autograder format: ``score``, ``execution_time``, ``output`` and ``tests``, each test
  with ``name``, ``score``, ``max_score``, ``status`` ("passed"/"failed"), ``output``
  (the feedback message), ``visibility`` ("visible" for public checks,
  "after_published" for hidden ones) and ``tags`` (the graded function).
- ``long``: one CSV row per student and check, for analysis (scores, outcomes,
  misconceptions).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import AutograderError
from .results import GradeResult, Outcome, Status
from .sinks.files import atomic_write, read_results

FORMATS = ("canvas", "gradescope", "long")
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
LONG_COLUMNS = ["student_id", "assignment", "status", "function", "check", "visibility", "points", "max_points",
                "outcome", "misconception", "message", "final_score", "score_source"]
GRADESCOPE_VISIBILITY = {"public": "visible", "hidden": "after_published"}


def _load(grading_dir: Path) -> list[GradeResult]:
    if not (grading_dir / "results").is_dir():
        raise AutograderError(f"{grading_dir}: no results/ folder here; give the output folder of a batch "
                              "(by default grading/<assignment>)")
    results = sorted(read_results(grading_dir).values(), key=lambda r: r.student_id or "")
    if not results:
        raise AutograderError(f"{grading_dir / 'results'}: no result files to export")
    assignments = {r.assignment for r in results}
    if len(assignments) > 1:
        raise AutograderError(f"{grading_dir}: results of several assignments ({', '.join(sorted(assignments))})")
    return results


@dataclass(frozen=True)
class FinalScore:
    """A student's score as exported: None when nothing graded it (left blank)."""

    score: float | None
    max_score: float


@dataclass
class Scores:
    by_student: dict[str, FinalScore]
    source: str                                  # "gradebook" or "results"
    note: str                                    # the stderr line: where the scores came from
    students: dict[str, dict] | None = None      # the gradebook's student fields (names, LMS ids)


def _from_results(results: list[GradeResult], note: str) -> Scores:
    return Scores({str(r.student_id): FinalScore(r.score if r.status == Status.GRADED else None, r.max_score)
                   for r in results}, "results", note)


def default_gradebook(grading_dir: Path) -> str | None:
    """The gradebook of the nbgrader course a batch folder lies in (``<course>/grading/<assignment>``,
    where ``batch`` writes by default), if it has one: the ``db_url`` of its ``nbgrader_config.py``,
    as ``batch`` wrote it, else its ``gradebook.db``."""
    from .nbgrader_course import configured

    folder = Path(grading_dir).resolve()
    if folder.parent.name != "grading":
        return None
    course = folder.parent.parent
    nbgrader = configured(course)   # its nbgrader_config.py's db_url, as batch wrote there
    db_url = nbgrader.db_url if nbgrader else f"sqlite:///{course / 'gradebook.db'}"
    if db_url.startswith("sqlite:///") and not Path(db_url[len("sqlite:///"):]).is_file():
        return None
    return db_url


def final_scores(results: list[GradeResult], gradebook: str | None) -> Scores:
    """Each student's final score: the gradebook's (``nbgrader export``'s score: manual scores, extra
    credit, less the late penalty) when it holds the assignment, else our results'."""
    if not gradebook:
        return _from_results(results, "scores: from results/*.json (no gradebook)")
    from nbgrader.api import Gradebook, MissingEntry

    from .release import use_nbgrader_env

    use_nbgrader_env()   # nbgrader migrates the database with the venv's alembic
    assignment = results[0].assignment
    by_student, students = {}, {}
    try:
        with Gradebook(gradebook) as gb:
            max_score = float(gb.find_assignment(assignment).max_score)
            for result in results:
                student = str(result.student_id)
                try:
                    submission = gb.find_submission(assignment, student)
                except MissingEntry:
                    by_student[student] = FinalScore(None, max_score)
                    continue
                person = submission.student
                students[student] = {"first_name": person.first_name, "last_name": person.last_name,
                                     "lms_user_id": person.lms_user_id}
                by_hand = any(g.manual_score is not None or g.extra_credit for n in submission.notebooks
                              for g in n.grades)
                score = max(0.0, float(submission.score) - float(submission.late_submission_penalty or 0.0))
                ungraded = result.status != Status.GRADED and not by_hand
                by_student[student] = FinalScore(None if ungraded else round(score, 6), max_score)
    except MissingEntry:
        return _from_results(results, f"scores: from results/*.json ({gradebook} has no assignment {assignment})")
    except Exception as exc:  # noqa: BLE001 - not a gradebook nbgrader can open: say so, use ours
        return _from_results(results, f"scores: from results/*.json ({gradebook} could not be read: {exc})")
    return Scores(by_student, "gradebook", f"scores: from the gradebook {gradebook} (manual scores, extra credit "
                  "and late penalties set in nbgrader included)", students)


ROSTER_KEY = "student_id"


def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """``{nbgrader id: {Canvas column: value}}`` from a roster CSV with Canvas's column names.

    The nbgrader id is the ``student_id`` column, else the SIS Login ID (Canvas's own
    gradebook export works as a roster when nbgrader ids are the students' logins).
    """
    try:
        rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise AutograderError(f"roster {path}: could not be read ({exc})") from None
    header = {name.strip().lower(): name for name in (rows[0].keys() if rows else [])}
    key = header.get(ROSTER_KEY) or header.get("sis login id")
    if key is None:
        raise AutograderError(f"roster {path}: needs a '{ROSTER_KEY}' column (the nbgrader id) or 'SIS Login ID'")
    columns = {column: header.get(column.lower()) for column in CANVAS_ID_COLUMNS}
    roster = {}
    for row in rows:
        student = (row.get(key) or "").strip()
        if student and student.lower() != "points possible":
            roster[student] = {column: (row.get(source) or "").strip() if source else ""
                               for column, source in columns.items()}
    return roster


def _identity(student: str, roster: dict | None, fields: dict | None) -> list[str]:
    if roster is not None and student in roster:
        row = dict(roster[student])
        row["SIS Login ID"] = row["SIS Login ID"] or (student if not (row["ID"] or row["SIS User ID"]) else "")
        return [row[column] for column in CANVAS_ID_COLUMNS]
    if fields and (fields.get("last_name") or fields.get("first_name") or fields.get("lms_user_id")):
        name = ", ".join(part for part in (fields.get("last_name"), fields.get("first_name")) if part) or student
        return [name, fields.get("lms_user_id") or "", "", student, ""]
    return [student, "", "", student, ""]


def canvas_csv(results: list[GradeResult], scores: Scores | None = None, *, roster: dict | None = None,
               canvas_assignment_id: str | None = None) -> str:
    assignment = results[0].assignment
    scores = scores or _from_results(results, "")
    column = f"{assignment} ({canvas_assignment_id})" if canvas_assignment_id else assignment
    possible = next(iter(scores.by_student.values())).max_score if scores.by_student else results[0].max_score
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CANVAS_ID_COLUMNS, column])
    writer.writerow(["Points Possible", "", "", "", "", f"{possible:g}"])
    for result in results:
        student = str(result.student_id)
        final = scores.by_student.get(student)
        shown = "" if final is None or final.score is None else f"{final.score:g}"
        writer.writerow([*_identity(student, roster, (scores.students or {}).get(student)), shown])
    return buffer.getvalue()


def gradescope_results(result: GradeResult) -> dict:
    tests = [{"name": f"{t.function}: {t.name}", "score": t.points, "max_score": t.max_points,
              "status": "passed" if t.outcome == Outcome.PASSED else "failed", "output": t.message,
              "visibility": GRADESCOPE_VISIBILITY.get(t.visibility, "after_published"), "tags": [t.function]}
             for t in result.tests]
    output = (f"Your notebook could not be graded: {result.error}" if result.status == Status.ERROR
              else f"{result.assignment}: {result.score:g} / {result.max_score:g} points")
    return {"score": result.score, "execution_time": round(result.seconds, 3), "output": output, "tests": tests}


def long_csv(results: list[GradeResult], scores: Scores | None = None) -> str:
    """One row per check; ``final_score`` is the student's exported score and ``score_source`` where it came from."""
    scores = scores or _from_results(results, "")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LONG_COLUMNS)
    for result in results:
        final = scores.by_student.get(str(result.student_id))
        shown = "" if final is None or final.score is None else f"{final.score:g}"
        for t in result.tests:
            writer.writerow([result.student_id, result.assignment, result.status, t.function, t.name, t.visibility,
                             f"{t.points:g}", f"{t.max_points:g}", t.outcome, t.misconception or "", t.message,
                             shown, scores.source])
    return buffer.getvalue()


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def export(grading_dir: Path, fmt: str, out: Path | None = None, *, gradebook: str | None = "auto",
           roster: Path | None = None, canvas_assignment_id: str | None = None, say=_say) -> list[str]:
    """Write ``fmt`` for the batch in ``grading_dir``; return lines saying what was written.

    ``gradebook``: nbgrader's database URL the final scores come from ("auto": the course's,
    when there is one; None: our results only); ``say`` gets the line naming the source.
    """
    if fmt not in FORMATS:
        raise AutograderError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    results = _load(grading_dir)
    people = read_roster(roster) if roster else None
    scores = final_scores(results, default_gradebook(grading_dir) if gradebook == "auto" else gradebook)
    say(scores.note)
    if people is not None:
        missing = sorted(str(r.student_id) for r in results if str(r.student_id) not in people)
        if missing:
            say(f"roster: {len(missing)} students not in {roster} (identified by their nbgrader id): "
                + ", ".join(missing[:20]) + (" …" if len(missing) > 20 else ""))
    if fmt == "gradescope":
        folder = out or grading_dir / "gradescope"
        for result in results:
            data = gradescope_results(result)
            final = scores.by_student.get(str(result.student_id))
            if final is not None and final.score is not None:
                data["score"] = final.score   # the gradebook's, when it has one
            atomic_write(folder / str(result.student_id) / "results.json",
                         json.dumps(data, indent=1, allow_nan=False))
        return [f"gradescope: {len(results)} results.json files under {folder}/<student_id>/"]
    path = out or grading_dir / f"{results[0].assignment}_{fmt}.csv"
    atomic_write(path, canvas_csv(results, scores, roster=people, canvas_assignment_id=canvas_assignment_id)
                 if fmt == "canvas" else long_csv(results, scores))
    return [f"{fmt}: {path} ({len(results)} students)"]
