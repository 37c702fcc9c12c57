"""The instructor's report: score distribution, pass rate per check, frequent misconceptions."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from urllib.parse import quote

from .. import misconceptions
from ..course import Course
from pcpt_portable.messages import WEAK_SANDBOX_WARNING
from ..results import GradeResult, Outcome, Status
from .feedback import feedback_path
from .files import atomic_write
from .html import humanise, page
from .plots import histogram


def render_report(course: Course, assignment: str, results: list[GradeResult], *, seconds: float | None = None) -> str:
    """The batch's page: scores, checks, misconceptions (named as ``course`` words them)."""
    graded = [r for r in results if r.status == Status.GRADED]
    scores = [r.score for r in graded]
    max_score = max((r.max_score for r in results), default=0.0)
    parts = [f"<h1>{escape(assignment)}: grading report</h1>"]
    weak = sum(1 for r in results if r.sandbox == "process")
    if weak:
        parts.append(f"<p class=\"callout\">{escape(WEAK_SANDBOX_WARNING)} ({weak} of {len(results)} "
                     "submissions).</p>")
    stats = [("submissions", len(results)), ("graded", len(graded)), ("could not be graded", len(results) - len(graded)),
             ("full marks", sum(1 for r in graded if r.score == r.max_score))]
    if scores:
        stats += [(f"mean score of the {len(graded)} graded", f"{statistics.mean(scores):.2f} / {max_score:g}"),
                  (f"median score of the {len(graded)} graded", f"{statistics.median(scores):g} / {max_score:g}")]
    if len(graded) < len(results):  # nbgrader's gradebook and formgrader count these as 0
        stats.append((f"mean score of all {len(results)} (could not be graded = 0, as in the gradebook)",
                      f"{statistics.mean(r.score for r in results):.2f} / {max_score:g}"))
    if seconds is not None:
        stats.append(("grading time", f"{seconds:.1f} s"))
    parts.append("<table>" + "".join(f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in stats)
                 + "</table>")
    if scores:
        parts.append(f"<img src=\"{histogram(scores, max_score)}\" alt=\"histogram of the scores\">")

    passes: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for result in graded:
        for test in result.tests:
            key = (test.function, test.name, test.visibility)
            passes[key][0] += test.outcome == Outcome.PASSED
            passes[key][1] += 1
    rows = []
    for (function, name, visibility), (passed, total) in passes.items():
        rate = passed / total if total else 0.0
        rows.append(f"<tr><td><code>{escape(function)}</code></td><td>{escape(humanise(name))} "
                    f"<span class=\"note\">({visibility})</span></td><td class=\"num\">{passed} / {total}</td>"
                    f"<td class=\"rate\"><span class=\"track\"><span class=\"bar\" style=\"width:{rate:.0%}\">"
                    "</span></span> "
                    f"{rate:.0%}</td></tr>")
    parts.append(f"<h2>Pass rate per check</h2><p class=\"note\">Over the {len(graded)} graded submissions.</p>"
                 "<table><tr><th>function</th><th>check</th><th>passed</th>"
                 "<th>rate</th></tr>" + "".join(rows) + "</table>")

    counts = Counter()
    where = defaultdict(set)
    for result in graded:
        found = [(t.misconception, t.function) for t in result.tests if t.misconception]
        counts.update({key for key, _ in found})   # once per student, whatever the number of functions
        for key, function in found:
            where[key].add(function)
    if counts:
        known = misconceptions.known(course)
        rows = "".join(f"<tr><td>{escape(known[k].title if k in known else k)}</td><td>{n}</td>"
                       f"<td>{escape(', '.join(sorted(where[k])))}</td></tr>" for k, n in counts.most_common())
        parts.append("<h2>Most frequent misconceptions</h2><p class=\"note\">Students whose submission shows each "
                     "misconception (counted once per student, as in the terminal summary).</p>"
                     "<table><tr><th>misconception</th><th>students</th>"
                     f"<th>functions</th></tr>{rows}</table>")

    dropped = [r for r in results if r.plots_dropped]
    if dropped:
        rows = "".join(f"<tr><td>{escape(r.student_id or '')}</td><td>"
                       f"{escape(', '.join(humanise(name) for name in r.plots_dropped))}</td></tr>" for r in dropped)
        parts.append("<h2>Plots left out</h2><p class=\"note\">The plot data of these checks could not be made to fit "
                     "the per-check budget (a result of a hostile size or shape), so their feedback pages show no "
                     f"picture for them. Scores are not affected.</p><table><tr><th>student</th><th>checks</th></tr>"
                     f"{rows}</table>")
    errors = [r for r in results if r.status == Status.ERROR]
    if errors:
        rows = "".join(f"<tr><td>{escape(r.student_id or '')}</td><td>{escape(r.error or '')}</td></tr>" for r in errors)
        parts.append(f"<h2>Submissions that could not be graded</h2><table>{rows}</table>")
    rows = "".join(f"<tr><td><a href=\"{escape(quote(feedback_path(r.student_id or '')))}\">{escape(r.student_id or '')}</a></td>"
                   f"<td class=\"num\">{r.score:g} / {r.max_score:g}</td><td class=\"{'passed' if r.status == 'graded' else 'error'}\">"
                   f"{r.status}</td></tr>" for r in sorted(results, key=lambda r: r.student_id or ""))
    parts.append(f"<h2>Students</h2><table><tr><th>student</th><th>score</th><th>status</th></tr>{rows}</table>")
    return page(f"{assignment}: grading report", "\n".join(parts))


def write_report(course: Course, out: Path, assignment: str, results: list[GradeResult],
                 seconds: float | None = None) -> Path:
    path = out / "report.html"
    atomic_write(path, render_report(course, assignment, results, seconds=seconds))
    return path
