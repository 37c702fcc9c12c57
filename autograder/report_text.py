"""Plain-text rendering of a result for the terminal (``grade`` and ``check``)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .notebook import recorded_cell_label
from .results import GradeResult, Outcome, Status

SYMBOLS = {Outcome.PASSED: "[green]✔ passed[/]", Outcome.FAILED: "[red]✘ failed[/]",
           Outcome.ERROR: "[red]! error[/]", Outcome.TIMEOUT: "[yellow]⧗ timeout[/]"}


def print_result(result: GradeResult, *, public_only: bool = False, assignment_points: float | None = None,
                 console: Console | None = None) -> None:
    """Print the result table; with ``public_only``, ``assignment_points`` is the whole assignment's total."""
    console = console or Console(highlight=False)
    tests = result.summary(public_only=public_only)
    if result.status == Status.ERROR:
        console.print(Text.assemble(("Your notebook could not be graded: ", "red"), str(result.error)))
    table = Table(title=f"{result.assignment}: {'public checks' if public_only else 'all checks'}")
    for column in ("function", "check", "points", "result"):
        table.add_column(column, overflow="fold")
    for test in tests:
        table.add_row(escape(test.function), escape(test.name), f"{test.points:g}/{test.max_points:g}",
                      SYMBOLS[test.outcome])
    console.print(table)
    for test in tests:
        if test.outcome != Outcome.PASSED and test.message:
            console.print(Text.assemble((test.function, "bold"), f" ({test.name}): ", test.message))
    for cell in result.cell_errors:
        console.print(Text(f"{recorded_cell_label(cell)} raised {cell['error']}"))
    if result.cell_error_count > len(result.cell_errors):
        console.print(Text(f"… and {result.cell_error_count - len(result.cell_errors)} more cells raised an error"))
    if result.truncated:
        console.print(Text("(some output was cut to keep the result small; the score is not affected)"))
    got = sum(t.points for t in tests)
    most = sum(t.max_points for t in tests)
    if public_only:
        line = f"public checks: {got:g} / {most:g} points"
        if assignment_points is not None:
            line += f"; the assignment is worth {assignment_points:g} with hidden checks"
        console.print(Text(line, style="bold"))
    else:
        console.print(Text(f"score: {got:g} / {most:g}", style="bold"))
