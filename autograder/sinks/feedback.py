"""One HTML feedback page per student: every check's outcome and message, and pictures.

Hidden checks show their outcome and what differed, never their code or inputs.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..course import Course
from .. import misconceptions
from pcpt_portable.messages import WEAK_SANDBOX_WARNING
from ..notebook import recorded_cell_label
from ..results import ErrorKind, GradeResult, Outcome, Status
from .files import atomic_write
from .html import humanise, message_html, page
from .plots import details_figures

TRUNCATED_NOTE = ("Some output was cut to keep this page small: long messages are shortened and only the "
                  "first cell errors are listed. Your score is not affected.")
WHAT_TO_DO = {
    ErrorKind.NOTEBOOK: ("Open your notebook in Jupyter and check that it opens and runs from the top "
                         "(Kernel → Restart &amp; Run All), save it, and submit it again. If it opens and runs, "
                         "ask your instructor."),
    ErrorKind.INTERNAL: ("This was not caused by your notebook: your instructor has been told, and it will be graded "
                         "again."),
}
DEPENDENCY_NOTE = ("Each function is graded on its own: while a function is checked, correct versions of the "
                   "other graded functions it calls stand in for yours, so one mistake is counted once.")


def _graded_functions(course: Course, assignment: str) -> tuple[str, ...]:
    # () for a result of an assignment this course no longer has
    return course.assignment(assignment).graded_functions if assignment in course.assignments else ()


def render_feedback(course: Course, result: GradeResult) -> str:
    """The page of one result of ``course``."""
    parts = [f"<h1>{escape(result.assignment)}: feedback for {escape(result.student_id or 'you')}</h1>",
             f"<p class=\"score\">Score: <b>{result.score:g}</b> / {result.max_score:g}</p>"]
    if result.status == Status.ERROR:  # said once here; the rows below then show only the points
        advice = WHAT_TO_DO.get(result.error_kind or ErrorKind.NOTEBOOK, WHAT_TO_DO[ErrorKind.NOTEBOOK])
        parts.append(f"<div class=\"callout\"><b>Your notebook could not be graded:</b> "
                     f"{message_html(result.error or '')}<br><b>What to do:</b> {advice}</div>")
    by_function = result.points_by_function()
    known = misconceptions.known(course)
    for function in _graded_functions(course, result.assignment):
        tests = [t for t in result.tests if t.function == function]
        if not tests:
            continue
        got, most = by_function[function]
        parts.append(f"<h2 id=\"{escape(function)}\"><code>{escape(function)}</code>: {got:g} / {most:g}</h2>")
        seen = set()
        for test in tests:
            if test.misconception and test.misconception not in seen and test.misconception in known:
                seen.add(test.misconception)
                m = known[test.misconception]
                parts.append(f"<div class=\"callout\"><b>What went wrong:</b> {message_html(m.title)}.<br>"
                             f"<b>How to fix it:</b> {message_html(m.fix)}.</div>")
        rows = []
        for test in tests:
            shown = test.message and test.outcome != Outcome.PASSED and not (result.status == Status.ERROR and
                                                                      test.message == result.error)
            message = f"<div class=\"message\">{message_html(test.message)}</div>" if shown else ""
            rows.append(f"<tr><td>{escape(humanise(test.name))}<br><span class=\"note\">{test.visibility}</span></td>"
                        f"<td class=\"{test.outcome}\">{test.outcome}</td>"
                        f"<td class=\"num\">{test.points:g} / {test.max_points:g}</td><td>{message}</td></tr>")
        parts.append("<table><tr><th>check</th><th>result</th><th>points</th><th>details</th></tr>"
                     + "".join(rows) + "</table>")
        for test in tests:
            for picture in details_figures(test.details, course, result.assignment) if test.details else ():
                parts.append(f"<figure><img src=\"{picture}\" alt=\"{escape(function)}: your result and the "
                             f"expected one\"><figcaption class=\"note\">{escape(humanise(test.name))}"
                             "</figcaption></figure>")
    if result.cell_errors:
        items = "".join(f"<li>{message_html(recorded_cell_label(c))}: <code>{escape(str(c['error']))}</code> "
                        f"{escape(str(c.get('where', '')))}</li>" for c in result.cell_errors)
        more = result.cell_error_count - len(result.cell_errors)
        items += f"<li>… and {more} more cells that raised an error (not listed)</li>" if more > 0 else ""
        parts.append(f"<h2>Cells that raised an error</h2><ul>{items}</ul>")
    if result.truncated:
        parts.append(f"<p class=\"callout\">{TRUNCATED_NOTE}</p>")
    if result.plots_dropped:
        names = ", ".join(humanise(name) for name in result.plots_dropped)
        parts.append(f"<p class=\"note\">No picture for {escape(names)}: the values your code returned were too "
                     "large to plot.</p>")
    parts.append(f"<p class=\"note\">{DEPENDENCY_NOTE}</p>")
    if result.sandbox == "process":
        parts.append(f"<p class=\"callout\">{escape(WEAK_SANDBOX_WARNING)}.</p>")
    if result.sandbox:
        parts.append(f"<p class=\"note\">Graded on {escape(result.device)} in the {escape(result.sandbox)} sandbox"
                     f"{' by autograder ' + escape(result.grader_version) if result.grader_version else ''}.</p>")
    return page(f"{result.assignment}: feedback for {result.student_id}", "\n".join(parts))


def feedback_path(student_id: str) -> str:
    """Where a student's page lives, relative to the batch output (the report links to it)."""
    return f"feedback/{student_id}.html"


def write_feedback(course: Course, out: Path, result: GradeResult) -> Path:
    path = out / feedback_path(result.student_id)
    atomic_write(path, render_feedback(course, result))
    return path
