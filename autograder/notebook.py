"""Read a submitted notebook and decide which of its cells the grader runs.

Every code cell runs, in order, except cells whose source is unchanged from a release
cell that is a test cell (visible or hidden) or a lesson illustration tagged ``demo``:
those never define graded functions, and skipping them saves most of a notebook's run
time. The release notebook is the authority on which cells those are; a student's own
cell metadata is never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
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


MAX_NOTEBOOK_BYTES = 20 * 2**20   # the file, outputs included (a course notebook with plots is well under 2 MiB)
MAX_CODE_BYTES = 2**20            # all code cells together (a complete course notebook holds under 25 KiB)
SUBMISSION_DEPTH = 3              # <student>/<assignment>/<notebook>.ipynb: the parts of a path a student owns

_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


def read_own_file(path, private_parts: int = 1, max_bytes: int = MAX_NOTEBOOK_BYTES) -> bytes:
    """The bytes of ``path``, following no symbolic link in its last ``private_parts`` parts.

    Those parts (the notebook, and in a batch the student's and the assignment's folders)
    are opened one by one relative to the folder above, with ``O_NOFOLLOW``: a link there
    is refused, never resolved, so no other file's bytes are read under the student's
    name. Only a regular file is read (not a FIFO or a device), and at most ``max_bytes``
    of it. Raises ``NotebookError`` (``FileNotFoundError`` as its cause when missing).
    """
    path = Path(path)
    parts = path.parts[-private_parts:]
    if len(path.parts) <= private_parts or any(part in ("..", ".") for part in parts):
        parts = path.parts[-1:]
    anchor = Path(*path.parts[:-len(parts)]) if len(path.parts) > len(parts) else Path(".")
    try:
        folder = os.open(anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError as exc:
        raise NotebookError(messages.NOTEBOOK_MISSING.format(name=path.name)) from exc
    except OSError as exc:
        raise NotebookError(messages.NOTEBOOK_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    try:
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            try:
                opened = os.open(part, _NOFOLLOW | (os.O_NONBLOCK if last else os.O_DIRECTORY), dir_fd=folder)
            except OSError as exc:
                if os.path.islink(os.path.join(anchor, *parts[:depth + 1])):
                    raise NotebookError(messages.NOTEBOOK_LINK.format(name=part)) from exc
                if isinstance(exc, FileNotFoundError):
                    raise NotebookError(messages.NOTEBOOK_MISSING.format(name=path.name)) from exc
                raise NotebookError(messages.NOTEBOOK_UNREADABLE.format(reason=exc.strerror or exc)) from exc
            os.close(folder)
            folder = opened
        info = os.fstat(folder)
        if not stat.S_ISREG(info.st_mode):
            raise NotebookError(messages.NOTEBOOK_NOT_A_FILE.format(name=path.name))
        if info.st_size > max_bytes:
            raise NotebookError(messages.NOTEBOOK_TOO_LARGE.format(mib=info.st_size / 2**20,
                                                                   limit_mib=max_bytes / 2**20))
        with os.fdopen(folder, "rb", closefd=False) as file:
            raw = file.read(max_bytes + 1)
        if len(raw) > max_bytes:   # it grew after fstat
            raise NotebookError(messages.NOTEBOOK_TOO_LARGE.format(mib=len(raw) / 2**20, limit_mib=max_bytes / 2**20))
        return raw
    finally:
        os.close(folder)


def own_file_sha256(path, private_parts: int = 1) -> str | None:
    """The digest of what ``read_own_file`` reads, or None where it refuses."""
    try:
        return hashlib.sha256(read_own_file(path, private_parts)).hexdigest()
    except (NotebookError, OSError):
        return None


def _parse_error(exc: Exception) -> str:
    """Where the JSON breaks, never the text around it (the record shows this message)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    return f"{type(exc).__name__}: {str(exc)[:200]}"   # nbformat on valid JSON: about the notebook's own structure


def read_submission(path, skip: frozenset[str] = frozenset(), max_bytes: int = MAX_NOTEBOOK_BYTES, *,
                    private_parts: int = 1, max_code_bytes: int = MAX_CODE_BYTES) -> SubmittedNotebook:
    """Parse and validate ``path``; raise ``NotebookError`` with a reason a student understands.

    ``private_parts``: see ``read_own_file`` (``SUBMISSION_DEPTH`` in a batch's layout).
    """
    path = Path(path)
    try:
        raw = read_own_file(path, private_parts, max_bytes)
    except OSError as exc:   # reading the opened file failed (an I/O error)
        raise NotebookError(messages.NOTEBOOK_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    sha = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
        del raw
        json.loads(text)   # first, so that a JSON error reports a position (nbformat's quotes the text)
        nb = nbformat.reads(text, as_version=4)
    except UnicodeDecodeError as exc:
        raise NotebookError(messages.NOTEBOOK_NOT_UTF8, sha) from exc
    except Exception as exc:  # nbformat raises several unrelated types for broken JSON
        raise NotebookError(messages.NOTEBOOK_INVALID.format(error=_parse_error(exc)), sha) from exc
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(messages.NOTEBOOK_WITHOUT_CELLS, sha)
    sources = []
    for index, cell in enumerate(nb.cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(part) for part in source)
        if not isinstance(source, str):
            raise NotebookError(messages.CELL_WITHOUT_SOURCE.format(index=index), sha)
        sources.append((index, cell, source))
    code_bytes = sum(len(source) for _, _, source in sources)
    if code_bytes > max_code_bytes:   # before anything parses or runs it, here or in the sandbox
        raise NotebookError(messages.NOTEBOOK_CODE_TOO_LARGE.format(mib=code_bytes / 2**20,
                                                                    limit_mib=max_code_bytes / 2**20), sha)
    cells = [NotebookCell(index, source, str(grade_id) if (grade_id := _nbgrader(cell).get("grade_id")) else None)
             for index, cell, source in sources if _digest(source) not in skip]
    return SubmittedNotebook(path, sha, tuple(cells))


def recorded_cell_label(entry: dict) -> str:
    """The label of a result's ``cell_errors`` entry (records from older versions have no "label")."""
    if entry.get("label"):
        return str(entry["label"])
    if entry.get("grade_id"):
        return cell_label(str(entry["grade_id"]), "")
    return f"code cell {entry.get('cell', '?')}"
