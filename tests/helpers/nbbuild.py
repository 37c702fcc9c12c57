"""Build nbgrader notebooks in code (tests, corpus cases and authoring scripts use this).

Cells follow the course conventions:
- a solution cell per graded function, ``grade_id`` = the function's name;
- a visible test cell ``test_<function>`` with plain asserts students can run;
- a hidden test cell ``hidden_test_<function>`` that calls the grader's shared checks;
- lesson cells tagged ``demo`` are illustrations the grader may skip (see autograder.notebook).
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader(grade_id, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(source: str, *, tags=()):
    cell = new_code_cell(source.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def demo(source: str):
    """A lesson illustration (plots, tables) that graded functions do not depend on."""
    return code(source, tags=("demo",))


def solution(function: str, source: str):
    """The cell that defines ``function``; the body sits between BEGIN/END SOLUTION."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata.update(_nbgrader(function, solution=True))
    return cell


def visible_test(function: str, source: str, points: float = 1):
    cell = new_code_cell(source.strip("\n"))
    cell.metadata.update(_nbgrader(f"test_{function}", grade=True, locked=True, points=points))
    return cell


def hidden_test(assignment: str, function: str, points: float):
    source = (
        f"# Hidden tests for `{function}` run here when your notebook is graded.\n"
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.nbgrader_checks import run_hidden_checks\n"
        f'run_hidden_checks("{assignment}", "{function}", globals())\n'
        "### END HIDDEN TESTS"
    )
    cell = new_code_cell(source)
    cell.metadata.update(_nbgrader(f"hidden_test_{function}", grade=True, locked=True, points=points))
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def write(nb, path) -> None:
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8") as handle:
        nbformat.write(nb, handle)
