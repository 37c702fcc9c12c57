"""The engine's errors: one base, ``AutograderError`` (``pcpt_portable.errors``, shared with the
sandbox worker and the student package), and the errors that cross processes, defined here so that
every process that reads their records knows them.

The command line catches ``AutograderError``, prints its message on one line and exits with its
``exit_status``: 2 for a request the user can fix (bad arguments, files, settings, a course file),
1 when grading itself cannot run (the sandbox, the workers, the reference); an error whose status
is ``None`` is a bug and keeps its traceback. A check's own failure is
``expectations.GradingFailure``, an ``AssertionError`` apart. Messages are one line: what went
wrong and where.
"""

from pcpt_portable.errors import AutograderError, InternalError, from_record, record, summary


class InputFileError(AutograderError):
    """A path given on the command line is missing or is not a notebook."""


class CourseError(AutograderError):
    """The course lacks a file the engine needs (checks, reference), or one of them cannot be used."""


class ReleaseError(AutograderError):
    """nbgrader could not generate a student release."""


class SandboxError(AutograderError, RuntimeError):
    """The sandbox could not be started or stopped answering (not the student's fault)."""

    exit_status = 1


class PoolError(AutograderError, RuntimeError):
    """The local grading workers cannot run at all."""

    exit_status = 1


class GraderUnavailable(AutograderError, RuntimeError):
    """The grader on a Dask worker could not start or answer (no sandbox, no GPU, ...)."""

    exit_status = 1


class ReferenceSelfTestError(AutograderError, RuntimeError):
    """The reference fails its own checks: a grader bug, nothing can be graded."""

    exit_status = 1


class ReferenceFailure(AutograderError, RuntimeError):
    """The reference itself raised: a bug in the grader, never the student's fault."""

    exit_status = None


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


__all__ = ["AutograderError", "CourseError", "GraderUnavailable", "InputFileError", "InternalError", "PoolError",
           "ReferenceFailure", "ReferenceSelfTestError", "ReleaseError", "SandboxError", "from_record", "record",
           "require_notebook", "summary"]
