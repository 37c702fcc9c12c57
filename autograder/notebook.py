"""Read a submitted notebook and decide which of its cells the grader runs.

Every code cell runs, in order, except cells whose source is unchanged from a release
cell that is a test cell (visible or hidden) or a lesson illustration tagged ``demo``:
those never define graded functions, and skipping them saves most of a notebook's run
time. The release notebook is the authority on which cells those are; a student's own
cell metadata is never trusted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from pcpt_portable import messages
from pcpt_portable.messages import cell_label
from .errors import AutograderError

DEMO_TAG = "demo"


class NotebookError(AutograderError, ValueError):
    """The file is not a notebook we can grade (the result gets status "error")."""

    def __init__(self, message: str, sha256: str | None = None):
        super().__init__(message)
        self.sha256 = sha256  # of the file, when it could be read: a rerun need not grade it again


@dataclass(frozen=True)
class NotebookCell:
    index: int            # position among the notebook's cells (what students see, from 1)
    source: str
    grade_id: str | None  # nbgrader's grade_id, e.g. the graded function a solution cell defines

    @property
    def label(self) -> str:
        """How a student finds the cell in Jupyter (which shows no cell numbers)."""
        return cell_label(self.grade_id, self.source)


def _normalise(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _digest(source: str) -> str:
    return hashlib.sha256(_normalise(source).encode()).hexdigest()


def _nbgrader(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def skippable_sources(release_path: Path) -> frozenset[str]:
    """Digests of the release's test cells and demo cells."""
    release = nbformat.read(str(release_path), as_version=4)
    digests = set()
    for cell in release.cells:
        if cell.cell_type != "code":
            continue
        meta = _nbgrader(cell)
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        if is_test or DEMO_TAG in cell.get("metadata", {}).get("tags", []):
            digests.add(_digest(cell.source))
    return frozenset(digests)


@dataclass(frozen=True)
class SubmittedNotebook:
    path: Path
    sha256: str
    cells: tuple[NotebookCell, ...]   # the code cells the grader runs

    @property
    def solution_cells(self) -> dict[str, NotebookCell]:
        return {cell.grade_id: cell for cell in self.cells if cell.grade_id}


def read_submission(path, skip: frozenset[str] = frozenset(), max_bytes: int = 20 * 1024 * 1024) -> SubmittedNotebook:
    """Parse and validate ``path``; raise ``NotebookError`` with a reason a student understands."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise NotebookError(messages.NOTEBOOK_MISSING.format(name=path.name)) from exc
    except OSError as exc:
        raise NotebookError(messages.NOTEBOOK_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    sha = hashlib.sha256(raw).hexdigest()
    if len(raw) > max_bytes:
        raise NotebookError(messages.NOTEBOOK_TOO_LARGE.format(mib=len(raw) / 2**20, limit_mib=max_bytes / 2**20), sha)
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except UnicodeDecodeError as exc:
        raise NotebookError(messages.NOTEBOOK_NOT_UTF8, sha) from exc
    except Exception as exc:  # nbformat raises several unrelated types for broken JSON
        raise NotebookError(messages.NOTEBOOK_INVALID.format(error=f"{type(exc).__name__}: {str(exc)[:200]}"),
                            sha) from exc
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(messages.NOTEBOOK_WITHOUT_CELLS, sha)
    cells = []
    for index, cell in enumerate(nb.cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(part) for part in source)
        if not isinstance(source, str):
            raise NotebookError(messages.CELL_WITHOUT_SOURCE.format(index=index), sha)
        if _digest(source) in skip:
            continue
        grade_id = _nbgrader(cell).get("grade_id")
        cells.append(NotebookCell(index, source, str(grade_id) if grade_id else None))
    return SubmittedNotebook(path, sha, tuple(cells))


def recorded_cell_label(entry: dict) -> str:
    """The label of a result's ``cell_errors`` entry (records from older versions have no "label")."""
    if entry.get("label"):
        return str(entry["label"])
    if entry.get("grade_id"):
        return cell_label(str(entry["grade_id"]), "")
    return f"code cell {entry.get('cell', '?')}"
