"""Running untrusted student code: a sandboxed fork server and typed results.

This layer knows nothing of pytest or grading. See ``launch`` for the isolation,
``limits`` for the bounds and ``client`` for the API.
"""

from .client import CallResult, CellResult, ForkServer, ObjectState, SandboxError, StudentError, StudentProcess
from .launch import SandboxSetupError, bwrap_works, require_isolation
from .limits import Limits


def check_isolation(choice: str) -> None:
    """``launch.require_isolation``, raising the ``SandboxError`` the command line reports (exit 1)."""
    try:
        require_isolation(choice)
    except SandboxSetupError as exc:
        raise SandboxError(str(exc)) from None


__all__ = ["CallResult", "CellResult", "ForkServer", "Limits", "ObjectState", "SandboxError", "StudentError", "StudentProcess",
           "bwrap_works", "check_isolation"]
