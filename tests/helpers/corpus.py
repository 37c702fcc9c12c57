"""The submission corpus: one case per file, its expected outcome beside it.

``tests/corpus/<assignment>/<case>.py`` holds the cells a student changed, each
starting with a marker line:

    # %% mse_loss          replaces the solution cell whose grade_id is mse_loss
    # %% new               appends a new code cell (helpers, hostile top-level code)
    # %% setup             replaces the first code cell (the imports)

Solution cells the case does not mention get the instructor's solution (as a student
would have written it: no BEGIN/END markers). ``<case>.ipynb`` files are used as they
are (broken notebooks). ``<case>.json`` says what grading must give:

    {"description": "...",
     "status": "graded",                        (or "error")
     "lost": {"mse_loss": {"misconception": "sum_instead_of_mean",
                            "message_contains": "summed"}},
     "devices": ["cuda"]}                      (optional: only meaningful on these devices)

Every function not listed in ``lost`` must keep all its points; each listed one must
lose at least one check, and name the misconception when one is given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.assignments import release_notebook, source_notebook

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MARKER = re.compile(r"^# %% (?P<target>[A-Za-z_][A-Za-z0-9_]*)\s*$", re.M)
_SOLUTION_REGION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*\n", re.M)


@dataclass
class Case:
    assignment: str
    name: str
    path: Path
    expected: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.name}"


def cases(assignment: str | None = None) -> list[Case]:
    found = []
    for folder in sorted(CORPUS.iterdir()):
        if not folder.is_dir() or (assignment and folder.name != assignment):
            continue
        for spec in sorted(folder.glob("*.json")):
            body = next((p for p in (spec.with_suffix(".py"), spec.with_suffix(".ipynb")) if p.exists()), None)
            if body is None:
                raise FileNotFoundError(f"{spec} has no .py or .ipynb beside it")
            found.append(Case(folder.name, spec.stem, body, json.loads(spec.read_text())))
    return found


def solutions(assignment: str) -> dict[str, str]:
    """The instructor's solution cells, as a student would have typed them."""
    nb = nbformat.read(source_notebook(assignment), as_version=4)
    return {cell.metadata["nbgrader"]["grade_id"]: _SOLUTION_REGION.sub("", cell.source)
            for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")}


def sections(text: str) -> list[tuple[str, str]]:
    parts = MARKER.split(text)
    return [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts), 2)]


def submission_notebook(assignment: str, changes: dict[str, str] | list[tuple[str, str]] = (),
                        *, unchanged_solutions: bool = True) -> nbformat.NotebookNode:
    """The release notebook with every solution filled in, then ``changes`` applied."""
    nb = nbformat.read(release_notebook(assignment), as_version=4)
    answers = solutions(assignment) if unchanged_solutions else {}
    items = list(changes.items()) if isinstance(changes, dict) else list(changes)
    replacements = {target: source for target, source in items if target not in ("new", "setup")}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            if grade_id in replacements:
                cell.source = replacements[grade_id]
            elif grade_id in answers:
                cell.source = answers[grade_id]
    for target, source in items:
        if target == "setup":
            next(c for c in nb.cells if c.cell_type == "code").source = source
        elif target == "new":
            nb.cells.append(nbformat.v4.new_code_cell(source))
    return nb


def build(case: Case, directory: Path) -> Path:
    """Write the case's notebook as ``directory/<assignment>.ipynb`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{case.assignment}.ipynb"
    if case.path.suffix == ".ipynb":
        target.write_bytes(case.path.read_bytes())
    else:
        nbformat.write(submission_notebook(case.assignment, sections(case.path.read_text())), target)
    return target


def verdict(case: Case, result) -> list[str]:
    """What in ``result`` contradicts the case's expectation (empty when it is met)."""
    problems = []
    expected = case.expected
    if result.status != expected.get("status", "graded"):
        problems.append(f"status {result.status!r}, expected {expected.get('status', 'graded')!r}: {result.error}")
        return problems
    if result.status == "error":
        if expected.get("error_contains") and expected["error_contains"] not in (result.error or ""):
            problems.append(f"error {result.error!r} lacks {expected['error_contains']!r}")
        return problems
    lost = expected.get("lost", {})
    totals = result.points_by_function()
    for function, (got, most) in totals.items():
        failing = [t for t in result.tests if t.function == function and t.outcome != "passed"]
        if function not in lost:
            if got < most:
                problems.append(f"{function}: {got:g}/{most:g} but should keep full marks; "
                                + "; ".join(f"{t.name}: {t.message}" for t in failing)[:600])
            continue
        rule = lost[function] or {}
        if got >= most:
            problems.append(f"{function}: full marks but should lose points")
            continue
        if rule.get("misconception") and not any(t.misconception == rule["misconception"] for t in failing):
            problems.append(f"{function}: misconception {rule['misconception']!r} not named; got "
                            + "; ".join(f"{t.misconception}: {t.message}" for t in failing)[:600])
        if rule.get("message_contains") and not any(rule["message_contains"] in t.message for t in failing):
            problems.append(f"{function}: no message contains {rule['message_contains']!r}; got "
                            + "; ".join(t.message for t in failing)[:600])
        if rule.get("outcome") and not any(t.outcome == rule["outcome"] for t in failing):
            problems.append(f"{function}: no check has outcome {rule['outcome']!r}")
    unknown = set(lost) - set(totals)
    if unknown:
        problems.append(f"expected losses on unknown functions {sorted(unknown)}")
    return problems


def grade_cases(selected: list[Case], workdir: Path, settings=None) -> dict[str, object]:
    """Grade every case, one sandbox and one check session per assignment."""
    from autograder.grade import run_grader
    from autograder.settings import load_settings

    settings = settings or load_settings({"device": "cpu"})
    results = {}
    for assignment in sorted({case.assignment for case in selected}):
        batch = [case for case in selected if case.assignment == assignment]
        paths = {case.id: build(case, workdir / case.assignment / case.name) for case in batch}

        def work(grader, batch=batch, paths=paths):
            for case in batch:
                results[case.id] = grader.grade(paths[case.id], student_id=case.name)

        run_grader(assignment, settings, work)
    return results
