"""One base class for errors the user can fix (bad arguments, files, settings).

The command line catches ``AutograderError`` and prints its message, one line, with exit
status 2 (``BatchError`` and sandbox failures, which stop grading itself, exit 1); anything
else is a bug and keeps its traceback. Messages are one line: what went wrong and where.
"""


class AutograderError(Exception):
    """A problem with what the user asked for, explained by the message."""


class InputFileError(AutograderError):
    """A path given on the command line is missing or is not a notebook."""


class CourseError(AutograderError):
    """The course lacks a file the engine needs (checks, reference), or one of them cannot be used."""


class ReleaseError(AutograderError):
    """nbgrader could not generate a student release."""


def require_notebook(path) -> None:
    """Fail unless ``path`` is an existing file named like a notebook (its content is graded, broken or not)."""
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}: file not found")
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder; give the notebook file (.ipynb) inside it")
    if path.suffix != ".ipynb":
        raise InputFileError(f"{path}: not a notebook (expected a Jupyter .ipynb file)")
