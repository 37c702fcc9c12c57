"""``python -m autograder audit NAME``: how strong an assignment's checks are, by mutation testing.

Every mutant of every graded function (``mutants``) becomes a submission: the release
notebook with all solutions filled in and that one cell replaced. All of them, plus the
unmutated solution as a control, are graded as one batch by the real pipeline (local
worker pool, sandbox as configured, hidden-input variant per "student" as usual). A
mutant is

- killed: its function lost points on a check that failed (the checks that did are named);
- error: its function lost points only through errors or timeouts, or the notebook could
  not be graded (counted as killed, reported apart);
- equivalent: full points, and ``equivalents_file`` declares it equivalent with a reason;
- surviving: full points and not declared: a mistake the checks cannot see.

A mutant is equivalent only when its values *and* its gradients are the solution's: some
operators (``GRADIENT_OPERATORS``: a ``.detach()``, ``torch.no_grad()``, a NumPy or ``.item()``
round trip, a kink's side moved) keep every value, and only a gradient check kills them. A
declaration is stale when no mutant has its id any more, or when a check kills the mutant
(a gradient check added since, say): both are reported, and the audit then exits 1.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import course as courses
from ..batch import run_batch
from ..errors import AutograderError
from ..results import GradeResult
from ..samples import solutions, submission_notebook
from ..settings import Settings
from .mutants import GRADIENT_OPERATORS, Mutant, mutants

CONTROL = "unmutated_solution"
STATUSES = ("killed", "error", "equivalent", "surviving")


class AuditError(AutograderError, RuntimeError):
    """The audit cannot say anything (bad request, or the solution itself loses points)."""


def equivalents_file(assignment: courses.Assignment) -> Path:
    """Where the mutants declared equivalent live: beside the assignment's checks."""
    return assignment.folder / "equivalent_mutants.toml"


def load_equivalents(assignment: courses.Assignment) -> dict[str, str]:
    """``{mutant id: reason}`` from ``equivalents_file`` (empty when there is none)."""
    path = equivalents_file(assignment)
    if not path.exists():
        return {}
    try:
        table = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise AuditError(f"{path} is not valid TOML: {exc}") from None
    declared = {}
    for mutant_id, entry in table.items():
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise AuditError(f'{path}: ["{mutant_id}"] needs reason = "why it behaves like the solution"')
        declared[mutant_id] = reason.strip()
    return declared


@dataclass(frozen=True)
class Kill:
    check: str
    visibility: str      # "public" or "hidden"
    outcome: str         # "failed", "error" or "timeout"


@dataclass
class MutantOutcome:
    mutant: Mutant
    status: str                                   # one of STATUSES
    killed_by: list[Kill] = field(default_factory=list)
    note: str = ""                                # the equivalence reason, or the grading error

    def to_dict(self) -> dict:
        m = self.mutant
        return {"id": m.id, "function": m.function, "operator": m.operator, "line": m.line,
                "description": m.description, "status": self.status, "note": self.note,
                "killed_by": [dataclasses.asdict(k) for k in self.killed_by], "diff": m.diff()}


@dataclass(frozen=True)
class FunctionSummary:
    function: str
    mutants: int
    killed: int          # including errors
    errors: int
    equivalent: int
    surviving: int
    gradient_only: int   # mutants that keep the values (GRADIENT_OPERATORS), whatever their status


@dataclass
class AuditReport:
    assignment: str
    functions: tuple[str, ...]
    outcomes: list[MutantOutcome]
    stale: list[str]                  # declared equivalent, but no such mutant any more
    declared_but_killed: list[str]
    seconds: float
    workers: int

    def summary(self) -> list[FunctionSummary]:
        rows = []
        for function in self.functions:
            mine = [o for o in self.outcomes if o.mutant.function == function]
            count = lambda *statuses: sum(o.status in statuses for o in mine)  # noqa: E731
            rows.append(FunctionSummary(function, len(mine), count("killed", "error"), count("error"),
                                        count("equivalent"), count("surviving"),
                                        sum(o.mutant.operator in GRADIENT_OPERATORS for o in mine)))
        return rows

    @property
    def survivors(self) -> list[MutantOutcome]:
        return [o for o in self.outcomes if o.status == "surviving"]

    @property
    def clean(self) -> bool:
        """No undeclared survivor and no stale declaration."""
        return not (self.survivors or self.stale or self.declared_but_killed)

    def to_dict(self) -> dict:
        return {"assignment": self.assignment, "seconds": round(self.seconds, 1), "workers": self.workers,
                "functions": [dataclasses.asdict(row) for row in self.summary()],
                "stale": self.stale, "declared_but_killed": self.declared_but_killed,
                "mutants": [o.to_dict() for o in self.outcomes]}


def generate(assignment: courses.Assignment, functions=None) -> list[Mutant]:
    cells = solutions(assignment)
    unknown = [f for f in functions or () if f not in cells]
    if unknown:
        raise AuditError(f"{assignment.name} has no graded function or class {', '.join(unknown)}; "
                         f"expected one of {', '.join(cells)}")
    return [m for function in (functions or cells) for m in mutants(cells[function], function)]


def student_id(mutant: Mutant) -> str:
    """A file-name-safe id, stable as the mutant id is (so is its hidden-input variant)."""
    return mutant.id.replace(":", ".")


def classify(mutant: Mutant, result: GradeResult | None, reason: str | None) -> MutantOutcome:
    """What one graded mutant says about its function's checks (``reason``: declared equivalent)."""
    if result is None or result.status != "graded":
        return MutantOutcome(mutant, "error", note=(result.error if result else "no result") or "")
    lost = [t for t in result.tests if t.function == mutant.function and t.points < t.max_points]
    if not lost:
        return MutantOutcome(mutant, "equivalent" if reason else "surviving", note=reason or "")
    kills = [Kill(t.name, t.visibility, t.outcome) for t in lost]
    failed = any(k.outcome == "failed" for k in kills)
    return MutantOutcome(mutant, "killed" if failed else "error", kills)


def _write_submissions(assignment: courses.Assignment, submitted: Path, found: list[Mutant]) -> None:
    changes = {CONTROL: {}} | {student_id(m): {m.function: m.cell} for m in found}
    for student, change in changes.items():
        folder = submitted / student / assignment.name
        folder.mkdir(parents=True)
        nbformat.write(submission_notebook(assignment, change), folder / f"{assignment.name}.ipynb")


def run_audit(course: courses.Course, assignment: str, settings: Settings, functions=None, *,
              progress=None) -> AuditReport:
    mutated = course.assignment(assignment)
    started = time.monotonic()
    functions = tuple(functions or solutions(mutated))
    found = generate(mutated, functions)
    declared = load_equivalents(mutated)
    settings = dataclasses.replace(settings, scheduler="")      # the local pool: mutants are cheap, many and local
    with tempfile.TemporaryDirectory(prefix=f"audit-{assignment}-") as folder:
        submitted = Path(folder) / "submitted"
        _write_submissions(mutated, submitted, found)
        summary = run_batch(submitted, mutated, settings, Path(folder) / "out", progress=progress)
    control = summary.results.get(CONTROL)
    if control is None or control.status != "graded" or control.score < control.max_score:
        lost = [f"{t.name} ({t.outcome}: {t.message[:200]})" for t in (control.tests if control else [])
                if t.points < t.max_points]
        raise AuditError(f"the unmutated solution of {assignment} does not get full points, so mutants say nothing: "
                         + ("; ".join(lost) or (control.error if control else "no result")))
    outcomes = [classify(m, summary.results.get(student_id(m)), declared.get(m.id)) for m in found]
    ids = {m.id for m in found}
    audited = set(functions)
    stale = sorted(i for i in declared if i not in ids and i.split(":", 1)[0] in audited)
    wrongly = sorted(o.mutant.id for o in outcomes if o.mutant.id in declared and o.status in ("killed", "error"))
    return AuditReport(assignment, functions, outcomes, stale, wrongly, time.monotonic() - started, summary.workers)


def format_report(report: AuditReport) -> str:
    rows = [("function", "mutants", "killed", "equivalent", "surviving", "(killed by error/timeout)",
             "(gradient-only)")]
    rows += [(r.function, str(r.mutants), str(r.killed), str(r.equivalent), str(r.surviving), str(r.errors),
              str(r.gradient_only)) for r in report.summary()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    total = report.summary()
    lines.append(f"{report.assignment}: {sum(r.mutants for r in total)} mutants, {sum(r.killed for r in total)} killed, "
                 f"{sum(r.equivalent for r in total)} equivalent, {sum(r.surviving for r in total)} surviving; "
                 f"{sum(r.gradient_only for r in total)} gradient-only ({report.seconds:.0f} s, {report.workers} "
                 "workers)")
    for outcome in report.survivors:
        lines += ["", f"SURVIVED {outcome.mutant.id}", f"  {outcome.mutant.description}"]
        lines += ["    " + line for line in outcome.mutant.diff().splitlines()]
    for mutant_id in report.stale:
        lines.append(f"stale: {mutant_id} is declared equivalent in {equivalents_file(report.assignment)} "
                     "but no such mutant exists any more")
    by_id = {o.mutant.id: o for o in report.outcomes}
    for mutant_id in report.declared_but_killed:
        killers = ", ".join(k.check for k in by_id[mutant_id].killed_by) or by_id[mutant_id].note[:200]
        lines.append(f"stale: {mutant_id} is declared equivalent in {equivalents_file(report.assignment)} but "
                     f"{killers} kills it (its values or gradients differ from the solution's): remove it")
    return "\n".join(lines)


def write_json(report: AuditReport, path: Path) -> None:
    path.write_text(json.dumps(report.to_dict(), indent=1))
