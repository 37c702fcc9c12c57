"""Running untrusted student code: a sandboxed fork server and typed results.

This layer knows nothing of pytest or grading. See ``launch`` for the isolation,
``limits`` for the bounds and ``client`` for the API.
"""

from .client import (CRASH_MESSAGE, CPU_MESSAGE, MEMORY_MESSAGE, TIMEOUT_MESSAGE, CallResult, CellResult,
                     ForkServer, SandboxError, StudentError, StudentProcess)
from .launch import bwrap_works
from .limits import Limits

__all__ = ["CRASH_MESSAGE", "CPU_MESSAGE", "MEMORY_MESSAGE", "TIMEOUT_MESSAGE", "CallResult", "CellResult",
           "ForkServer", "Limits", "SandboxError", "StudentError", "StudentProcess", "bwrap_works"]
