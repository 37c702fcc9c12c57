"""Run a notebook's code cells in a fresh namespace, as a kernel would (for the command line)."""

from __future__ import annotations

import json
import linecache
import os
from contextlib import contextmanager
from pathlib import Path

from pcpt_portable import messages
from pcpt_portable.errors import AutograderError
from pcpt_portable.check_runner import CellError, describe_cell_error

DEMO_TAG = "demo"   # lesson illustrations: slow, and they define nothing graded


class NotebookFileError(AutograderError):
    """The path is not a notebook that can be read (exit status 2)."""


def _grade_id(cell: dict) -> str | None:
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return str(nbgrader["grade_id"]) if isinstance(nbgrader, dict) and nbgrader.get("grade_id") else None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def read_notebook(path: Path) -> list[dict]:
    if not path.exists():
        raise NotebookFileError(f"{path}: file not found")
    if path.is_dir():
        raise NotebookFileError(f"{path}: is a folder, not a notebook")
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NotebookFileError(f"{path}: not a notebook (a Jupyter .ipynb file is JSON)") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookFileError(f"{path}: not a notebook (it has no cells)")
    return [c for c in notebook["cells"] if isinstance(c, dict)]


def _runs(cell: dict) -> bool:
    if cell.get("cell_type") != "code":
        return False
    meta = cell.get("metadata", {})
    nbgrader = meta.get("nbgrader", {}) if isinstance(meta.get("nbgrader"), dict) else {}
    is_test = bool(nbgrader.get("grade")) and not nbgrader.get("solution")
    source = _source(cell)
    return not is_test and DEMO_TAG not in meta.get("tags", []) and "pcpt_check" not in source \
        and not source.lstrip().startswith("%%")


def _python(source: str) -> str:
    """Drop IPython-only lines (``%magic``, ``!shell``), which plain Python cannot run."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


@contextmanager
def _working_folder(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_notebook(path: Path) -> tuple[dict, list[CellError]]:
    """Execute the solution and lesson code cells; return the namespace and the cells that raised.

    Cells are named as grading names them (``<cell N>``, N counting every cell from 1), so
    an error's place reads the same here as in grading.
    """
    os.environ.setdefault("MPLBACKEND", "Agg")
    namespace: dict = {"__name__": "__main__", "In": [""]}   # ``In``: the cells run, as IPython keeps them
    errors = []
    cells = read_notebook(path)
    with _working_folder(path.resolve().parent):
        for index, cell in enumerate(cells, start=1):
            if not _runs(cell):
                continue
            source, filename = _source(cell), f"<cell {index}>"
            python = _python(source)
            namespace["In"].append(source)
            linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
            try:
                exec(compile(python, filename, "exec"), namespace)
            except Exception as exc:  # noqa: BLE001  (a broken cell costs only what it defines)
                grade_id = _grade_id(cell)
                errors.append(describe_cell_error(messages.cell_label(grade_id, source), grade_id, source, exc))
    return namespace, errors
