"""Grades of a batch in the formats other systems take (``python -m autograder export``).

Read from a batch's output folder (``results/<student>.json``), written as:

- ``canvas``: a Canvas gradebook import CSV. Canvas identifies students by one of the
  columns Student (name), ID (Canvas user id), SIS User ID or SIS Login ID, and needs
  Section; every further column is an assignment. The nbgrader student id goes into
  Student and SIS Login ID (the login is what nbgrader courses use as the id); a
  second row, "Points Possible", gives the assignment's total, as in Canvas's own
  gradebook export. A notebook that could not be graded scores 0, as in the gradebook.
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
from pathlib import Path

from .errors import AutograderError
from .results import GradeResult, Outcome, Status
from .sinks.files import atomic_write, read_results

FORMATS = ("canvas", "gradescope", "long")
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
LONG_COLUMNS = ["student_id", "assignment", "status", "function", "check", "visibility", "points", "max_points",
                "outcome", "misconception", "message"]
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


def canvas_csv(results: list[GradeResult]) -> str:
    assignment = results[0].assignment
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CANVAS_ID_COLUMNS, assignment])
    writer.writerow(["Points Possible", "", "", "", "", f"{results[0].max_score:g}"])
    for result in results:
        writer.writerow([result.student_id, "", "", result.student_id, "", f"{result.score:g}"])
    return buffer.getvalue()


def gradescope_results(result: GradeResult) -> dict:
    tests = [{"name": f"{t.function}: {t.name}", "score": t.points, "max_score": t.max_points,
              "status": "passed" if t.outcome == Outcome.PASSED else "failed", "output": t.message,
              "visibility": GRADESCOPE_VISIBILITY.get(t.visibility, "after_published"), "tags": [t.function]}
             for t in result.tests]
    output = (f"Your notebook could not be graded: {result.error}" if result.status == Status.ERROR
              else f"{result.assignment}: {result.score:g} / {result.max_score:g} points")
    return {"score": result.score, "execution_time": round(result.seconds, 3), "output": output, "tests": tests}


def long_csv(results: list[GradeResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LONG_COLUMNS)
    for result in results:
        for t in result.tests:
            writer.writerow([result.student_id, result.assignment, result.status, t.function, t.name, t.visibility,
                             f"{t.points:g}", f"{t.max_points:g}", t.outcome, t.misconception or "", t.message])
    return buffer.getvalue()


def export(grading_dir: Path, fmt: str, out: Path | None = None) -> list[str]:
    """Write ``fmt`` for the batch in ``grading_dir``; return lines saying what was written."""
    if fmt not in FORMATS:
        raise AutograderError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    results = _load(grading_dir)
    if fmt == "gradescope":
        folder = out or grading_dir / "gradescope"
        for result in results:
            atomic_write(folder / str(result.student_id) / "results.json",
                         json.dumps(gradescope_results(result), indent=1, allow_nan=False))
        return [f"gradescope: {len(results)} results.json files under {folder}/<student_id>/"]
    path = out or grading_dir / f"{results[0].assignment}_{fmt}.csv"
    atomic_write(path, canvas_csv(results) if fmt == "canvas" else long_csv(results))
    return [f"{fmt}: {path} ({len(results)} students)"]
