"""Where results go: JSON files and CSV, nbgrader's gradebook, feedback pages, the report."""

from __future__ import annotations

from pathlib import Path

from ..course import Course


def publish(summary, *, grading: Course, gradebook: str | None = "auto", feedback: bool = True,
            submitted: Path | None = None, course: Path | None = None) -> list[str]:
    """Write the batch's results to every sink; return lines saying where to look.

    ``grading``: the course whose assignment was graded; ``course``: the nbgrader course whose
    ``autograded/`` (and, for ``"auto"``, gradebook.db) receive them (default: the one ``submitted``
    lies in, else the grading course's folder)."""
    from .feedback import write_feedback
    from .gradebook import default_db_url, write_gradebook
    from .report import write_report

    results = sorted(summary.results.values(), key=lambda r: r.student_id or "")
    lines = [f"results:   {summary.out / 'results'}/<student>.json", f"grades:    {summary.out / 'grades.csv'}"]
    if gradebook and submitted is not None:
        from .gradebook import GradebookError, course_of

        course = Path(course) if course else course_of(submitted, grading)
        url = default_db_url(course) if gradebook == "auto" else gradebook
        try:
            count = write_gradebook(results, grading.assignment(summary.assignment), url, submitted, summary.out,
                                    course)
            lines.append(f"gradebook: {url} ({count} submissions autograded; `nbgrader export` has them)")
            lines.append(f"formgrader: {course / 'autograded'}/<student>/{summary.assignment}/ "
                         f"(run `jupyter server` in {course}, open /formgrader)")
            lines.append(f"to students: `nbgrader generate_feedback {summary.assignment}` then "
                         f"`nbgrader release_feedback {summary.assignment}` in {course}")
        except GradebookError as exc:
            lines.append(f"gradebook: not written: {exc}")
    if feedback:
        for result in results:
            write_feedback(grading, summary.out, result)
        lines.append(f"feedback:  {summary.out / 'feedback'}/<student>.html")
        lines.append(f"report:    {write_report(grading, summary.out, summary.assignment, results, summary.seconds)}")
    return lines
