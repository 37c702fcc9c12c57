"""Sample submissions built from the release notebook (the demo, the corpus and the audit use this).

A sample is described by the cells a student changed, each starting with a marker line:

    # %% loss_of          replaces the solution cell whose grade_id is loss_of
    # %% new               appends a new code cell (helpers, hostile top-level code)
    # %% setup             replaces the first code cell (the imports)

Solution cells a sample does not mention get the instructor's solution, as a student
would have typed it (without the BEGIN/END SOLUTION markers).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .course import Assignment

MARKER = re.compile(r"^# %% (?P<target>[A-Za-z_][A-Za-z0-9_]*)\s*$", re.M)
_SOLUTION_REGION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*\n", re.M)


def solutions(assignment: Assignment) -> dict[str, str]:
    """The instructor's solution cells, as a student would have typed them."""
    nb = nbformat.read(assignment.source_notebook, as_version=4)
    return {cell.metadata["nbgrader"]["grade_id"]: _SOLUTION_REGION.sub("", cell.source)
            for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")}


def sections(text: str) -> list[tuple[str, str]]:
    parts = MARKER.split(text)
    return [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts), 2)]


def submission_notebook(assignment: Assignment, changes=(), *,
                        unchanged_solutions: bool = True) -> nbformat.NotebookNode:
    """The release notebook with every solution filled in, then ``changes`` applied."""
    nb = nbformat.read(assignment.release_notebook, as_version=4)
    answers = solutions(assignment) if unchanged_solutions else {}
    items = list(changes.items()) if isinstance(changes, dict) else list(changes)
    replacements = {target: source for target, source in items if target not in ("new", "setup")}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = replacements.get(meta.get("grade_id"), answers.get(meta.get("grade_id"), cell.source))
    for target, source in items:
        if target == "setup":
            next(c for c in nb.cells if c.cell_type == "code").source = source
        elif target == "new":
            nb.cells.append(nbformat.v4.new_code_cell(source))
    return nb


def write_sample(case_file: Path, assignment: Assignment, target: Path) -> Path:
    """Write the submission a corpus case describes (``.py`` changes, or an ``.ipynb`` as it is)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if case_file.suffix == ".ipynb":
        target.write_bytes(case_file.read_bytes())
    else:
        nbformat.write(submission_notebook(assignment, sections(case_file.read_text())), target)
    return target
