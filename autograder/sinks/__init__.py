"""Where results go: JSON files and CSV, nbgrader's gradebook, feedback pages, the report."""

from __future__ import annotations

from pathlib import Path


def publish(summary, *, gradebook: str | None = "auto", feedback: bool = True, submitted: Path | None = None) -> list[str]:
    """Write the batch's results to every sink; return lines saying where to look."""
    from .feedback import write_feedback
    from .gradebook import default_db_url, write_gradebook
    from .report import write_report

    results = sorted(summary.results.values(), key=lambda r: r.student_id or "")
    lines = [f"results:   {summary.out / 'results'}/<student>.json", f"grades:    {summary.out / 'grades.csv'}"]
    if gradebook:
        url = default_db_url() if gradebook == "auto" else gradebook
        count = write_gradebook(results, summary.assignment, url, submitted)
        lines.append(f"gradebook: {url} ({count} submissions; see `nbgrader export` or formgrader)")
    if feedback:
        for result in results:
            write_feedback(summary.out, result)
        lines.append(f"feedback:  {summary.out / 'feedback'}/<student>.html")
        lines.append(f"report:    {write_report(summary.out, summary.assignment, results, summary.seconds)}")
    return lines
