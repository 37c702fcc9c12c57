"""A progress bar with ETA for batch grading, and the summary table printed at the end."""

from __future__ import annotations

import statistics
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from pcpt_portable.messages import WEAK_SANDBOX_WARNING
from .results import Status


class BatchProgress:
    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.progress = None
        self.bar = None

    def start(self, total: int) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=self.console, transient=False)
        self.progress.start()
        self.bar = self.progress.add_task("grading", total=total)

    def started(self, task) -> None:
        if self.progress:
            self.progress.update(self.bar, description=f"grading {escape(task.student_id)}")

    def advance(self, student_id: str, result) -> None:
        if self.progress:
            self.progress.update(self.bar, advance=1, description=f"graded {escape(student_id)}")

    def stop(self) -> None:
        if self.progress:
            self.progress.update(self.bar, description="graded")
            self.progress.stop()


def print_summary(summary, console: Console | None = None) -> None:
    console = console or Console()
    results = list(summary.results.values())
    scores = [r.score for r in results if r.status == Status.GRADED]
    table = Table(title=f"{summary.assignment}: {len(results)} submissions")
    table.add_column("")
    table.add_column("value", justify="right")
    statuses = Counter(r.status for r in results)
    rows = [
        ("graded now / already up to date", f"{len(summary.graded)} / {len(summary.skipped)}"),
        ("status graded / error", f"{statuses.get(Status.GRADED, 0)} / {statuses.get(Status.ERROR, 0)}"),
        ("max score", f"{results[0].max_score:g}" if results else "-"),
        (f"mean / median score of the {len(scores)} graded",
         f"{statistics.mean(scores):.2f} / {statistics.median(scores):g}" if scores else "-"),
        ("full marks", str(sum(1 for r in results if r.status == Status.GRADED and r.score == r.max_score))),
        ("workers", str(summary.workers)),
        ("wall time", f"{summary.seconds:.1f} s"
         + (f" ({summary.seconds / len(summary.graded):.2f} s per graded submission)" if summary.graded else "")),
    ]
    if results and len(scores) < len(results):  # the gradebook counts ungradable submissions as 0
        rows.insert(4, (f"mean score of all {len(results)} (errors = 0)",
                        f"{statistics.mean(r.score for r in results):.2f}"))
    # Students showing each misconception (once per student, as the report counts them).
    misconceptions = Counter(key for r in results for key in {t.misconception for t in r.tests if t.misconception})
    for key, count in misconceptions.most_common(3):
        rows.append((f"misconception: {key} (students)", str(count)))
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    if any(r.sandbox == "process" for r in results):
        console.print(f"[bold red]{escape(WEAK_SANDBOX_WARNING)}[/bold red]")
