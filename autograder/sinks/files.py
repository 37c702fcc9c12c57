"""Result files: one JSON per student (written atomically) and grades.csv."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from ..course import Assignment
from ..results import GradeResult


def atomic_write(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def result_path(out: Path, student_id: str) -> Path:
    return out / "results" / f"{student_id}.json"


def write_result(out: Path, result: GradeResult) -> Path:
    path = result_path(out, result.student_id)
    atomic_write(path, json.dumps(result.to_dict(), indent=1, allow_nan=False))
    return path


def read_result(path: Path) -> GradeResult | None:
    try:
        return GradeResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or unreadable record means: grade it again


def read_results(out: Path) -> dict[str, GradeResult]:
    results = {}
    for path in sorted((out / "results").glob("*.json")):
        result = read_result(path)
        if result is not None and result.student_id:
            results[result.student_id] = result
    return results


def csv_text(results: list[GradeResult], functions: tuple[str, ...]) -> str:
    """One row per student: the score, status, each graded function's points, the error."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student_id", "score", "max_score", "status", *functions, "error"])
    for result in sorted(results, key=lambda r: r.student_id or ""):
        per_function = result.points_by_function()
        writer.writerow([result.student_id, f"{result.score:g}", f"{result.max_score:g}", result.status,
                         *(f"{per_function.get(f, (0, 0))[0]:g}" for f in functions), result.error or ""])
    return buffer.getvalue()


def write_csv(out: Path, results: list[GradeResult], assignment: Assignment) -> Path:
    path = out / "grades.csv"
    atomic_write(path, csv_text(results, assignment.graded_functions))
    return path
