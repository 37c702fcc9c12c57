"""``python -m autograder new NAME``: a working skeleton of a new assignment in the course.

It writes one example graded function, ``scale(x, factor)``, through every file an
assignment has (docs/authoring.md), so that ``release`` and ``validate`` pass on it as
written and each file shows its format: the instructor notebook (solution cell, visible
and hidden test cells with their points), the reference, the checks, a misconception
with its variant, three corpus cases (a correct style, a misconception, a broken cell)
and ``assignment.toml``.
"""

from __future__ import annotations

import json
import keyword
from pathlib import Path

import nbformat

from .. import course as courses
from ..errors import AutograderError

FUNCTION = "scale"


class AssignmentExists(AutograderError):
    """``new`` never overwrites: the message names what is already there."""


def _nbgrader(grade_id: str, *, solution: bool = False, points: float | None = None) -> dict:
    """A cell's nbgrader metadata, as ``nbgrader`` writes it in the course's notebooks."""
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": dict(sorted(meta.items()))}


def notebook(name: str) -> nbformat.NotebookNode:
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell(f"# {name}\n\n"
                             "What this notebook teaches, in a few sentences (edit me).\n\n"
                             "Each exercise has a visible test cell you can run right away. More tests are hidden "
                             "and run when your notebook is graded."),
        v4.new_code_cell("import torch"),
        v4.new_markdown_cell(f"### Exercise 1: `{FUNCTION}`\n\n"
                             f"Write `{FUNCTION}(x, factor)`: multiply every element of the tensor `x` by the number "
                             "`factor`. The result keeps the shape, dtype and device of `x`."),
        v4.new_code_cell(f'def {FUNCTION}(x, factor):\n'
                         '    """Return x multiplied by factor, elementwise.\n\n'
                         '    Args:\n'
                         '        x: a tensor of any shape.\n'
                         '        factor: a float.\n\n'
                         '    Returns:\n'
                         '        A tensor of the shape, dtype and device of ``x``.\n'
                         '    """\n'
                         '    ### BEGIN SOLUTION\n'
                         '    return x * factor\n'
                         '    ### END SOLUTION', metadata=_nbgrader(FUNCTION, solution=True)),
        v4.new_code_cell(f'result = {FUNCTION}(torch.tensor([1.0, -2.0, 0.5]), 3.0)\n'
                         'assert isinstance(result, torch.Tensor), f"expected a tensor, got {type(result).__name__}"\n'
                         'assert torch.equal(result, torch.tensor([3.0, -6.0, 1.5])), '
                         'f"expected tensor([3., -6., 1.5]), got {result}"\n'
                         f'print("{FUNCTION} works")', metadata=_nbgrader(f"test_{FUNCTION}", points=1)),
        v4.new_code_cell(f'# Hidden tests for `{FUNCTION}` run here when your notebook is graded.\n'
                         '### BEGIN HIDDEN TESTS\n'
                         'from autograder.nbgrader_checks import run_hidden_checks\n'
                         f'run_hidden_checks("{name}", "{FUNCTION}", globals())\n'
                         '### END HIDDEN TESTS', metadata=_nbgrader(f"hidden_test_{FUNCTION}", points=1)),
    ]
    return v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})


def files(name: str) -> dict[str, str]:
    """``{path relative to the course: text}`` of everything but the notebook."""
    content = f"{courses.CONTENT}/{name}"
    return {
        f"reference/{name}.py": f'''"""{name}: the reference implementations (grading compares with them)."""

from __future__ import annotations

__all__ = ["{FUNCTION}"]


def {FUNCTION}(x, factor):
    """x times factor, elementwise; the result keeps the shape, dtype and device of x."""
    return x * factor
''',
        f"{content}/__init__.py":
            f'"""The grading content of {name}: checks, misconceptions, corpus (docs/authoring.md)."""\n',
        f"{content}/checks.py": f'''"""Checks for {name}: pytest tests marked with the function they
check, their points, and whether students see them (public: the visible test cell's inputs;
hidden: drawn from ``inputs``)."""

import torch

from autograder.api import expect_reference_match, graded


@graded("{FUNCTION}", 1, public=True)
def test_{FUNCTION}_on_the_notebook_example(student, reference, device):
    x = torch.tensor([1.0, -2.0, 0.5], device=device)   # the visible test cell's example
    expect_reference_match(student, reference, "{FUNCTION}", args=(x, 3.0))


@graded("{FUNCTION}", 1)
def test_{FUNCTION}_on_other_tensors(student, reference, inputs, device):
    for x in (inputs.randn(3, 4, scale=2.0), torch.arange(6.0, device=device).reshape(2, 3)):
        expect_reference_match(student, reference, "{FUNCTION}", args=(x, inputs.number(-3, 3)))
''',
        f"{content}/misconceptions.py": f'''"""Wrong-but-plausible versions of the {name} functions: a
failing result that matches a variant's is explained by its misconception."""

from autograder.api import Misconception

ADDED_INSTEAD_OF_MULTIPLIED = Misconception.of(
    "added_instead_of_multiplied", "the factor was added to x instead of multiplying it",
    "scaling multiplies every element: `x * factor`")


def _{FUNCTION}_added(x, factor):
    return x + factor


VARIANTS = {{"{FUNCTION}": [(ADDED_INSTEAD_OF_MULTIPLIED, _{FUNCTION}_added)]}}
''',
        f"{content}/corpus/correct_reference_style.py": f'''# %% {FUNCTION}
def {FUNCTION}(x, factor):
    """Return x multiplied by factor, elementwise."""
    return x * factor
''',
        f"{content}/corpus/correct_reference_style.json":
            json.dumps({"description": "the instructor's solution", "lost": {}}) + "\n",
        f"{content}/corpus/added_instead_of_multiplied.py": f'''# %% {FUNCTION}
def {FUNCTION}(x, factor):
    """Return x multiplied by factor, elementwise."""
    return x + factor
''',
        f"{content}/corpus/added_instead_of_multiplied.json": json.dumps(
            {"description": "adds the factor instead of multiplying by it",
             "lost": {FUNCTION: {"misconception": "added_instead_of_multiplied"}}}) + "\n",
        f"{content}/corpus/broken_cell_import.py": f'''# %% {FUNCTION}
from torch import multiply_by        # no such name: the cell stops here

def {FUNCTION}(x, factor):
    """Return x multiplied by factor, elementwise."""
    return multiply_by(x, factor)
''',
        f"{content}/corpus/broken_cell_import.json": json.dumps(
            {"description": "the cell fails on an import before its def: only its function loses points",
             "lost": {FUNCTION: {"message_contains": "ImportError", "outcome": "error"}}}) + "\n",
        f"{content}/assignment.toml": '''# Optional settings of this assignment (docs/authoring.md).

[demo]   # `make demo` grades these corpus cases as these students
samples = {ada = "correct_reference_style", ben = "added_instead_of_multiplied", cleo = "broken_cell_import"}
''',
    }


def create(course: courses.Course, name: str) -> list[Path]:
    """Write the skeleton of assignment ``name`` into the course; return the files written."""
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        raise AutograderError(f"{name!r} cannot name an assignment: use a Python identifier such as "
                              "my_assignment (it names a module and a folder)")
    root = course.root
    texts = files(name)
    notebook_path = courses.source_notebook(root, name)
    targets = [notebook_path] + [root / path for path in texts]
    taken = [path for path in (notebook_path.parent, root / courses.CONTENT / name, root / "reference" / f"{name}.py",
                               root / "release" / name) if path.exists()]
    if taken:
        raise AssignmentExists(f"assignment {name!r} exists already in {root}: {', '.join(map(str, taken))} "
                               "(new never overwrites)")
    notebook_path.parent.mkdir(parents=True)
    nbformat.write(notebook(name), notebook_path)
    for path, text in texts.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return targets


def main(course: courses.Course, name: str) -> int:
    written = create(course, name)
    root = course.root
    print(f"created assignment {name} in {root}:")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print(f"""
Next steps:
  1. edit source/{name}/{name}.ipynb (solution cells: grade_id = function name, def line and docstring
     above ### BEGIN SOLUTION), reference/{name}.py, and {courses.CONTENT}/{name}/checks.py (a test cell's points
     = its function's public or hidden check points), misconceptions.py and corpus/
  2. python -m autograder release {name}
  3. python -m autograder validate {name}""")
    return 0
