"""Running untrusted student code: a sandboxed fork server and typed results.

This layer knows nothing of pytest or grading. See ``launch`` for the isolation,
``limits`` for the bounds and ``client`` for the API.
"""

from .client import CallResult, CellResult, ForkServer, ObjectState, SandboxError, StudentError, StudentProcess
from .launch import bwrap_works
from .launch import require_isolation as check_isolation   # raises SandboxSetupError, a SandboxError (exit 1)
from .limits import Limits


__all__ = ["CallResult", "CellResult", "ForkServer", "Limits", "ObjectState", "SandboxError", "StudentError", "StudentProcess",
           "bwrap_works", "check_isolation"]
