"""Resource and time limits for student code (all configurable, see autograder.settings)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    call_timeout: float = 20.0          # wall-clock seconds for one call of a graded function
    cell_timeout: float = 30.0          # wall-clock seconds for one notebook cell
    submission_timeout: float = 180.0   # wall-clock seconds for a whole submission
    cpu_seconds: int = 240              # CPU time of the student process (RLIMIT_CPU)
    memory_bytes: int = 3072 * MIB      # address space the submission may add (RLIMIT_AS)
    file_bytes: int = 16 * MIB          # largest file it may write (RLIMIT_FSIZE)
    scratch_bytes: int = 64 * MIB       # size of its private /tmp (a tmpfs)
    open_files: int = 256               # RLIMIT_NOFILE
    processes: int = 64                 # RLIMIT_NPROC for the student uid
    max_result_bytes: int = 64 * MIB    # largest reply the grader accepts
    max_result_elements: int = 4_000_000  # largest tensor the grader decodes

    def for_worker(self, cuda: bool) -> dict:
        """The subset the worker applies to itself with setrlimit."""
        return {
            "cpu_seconds": self.cpu_seconds,
            # CUDA reserves huge virtual ranges, so RLIMIT_AS cannot bound a CUDA process.
            "memory_bytes": None if cuda else self.memory_bytes,
            # All of the submission's processes together (the server watches their memory).
            "total_memory_bytes": self.memory_bytes + 1024 * MIB,
            "file_bytes": self.file_bytes,
            "open_files": self.open_files,
            "processes": self.processes,
            "scratch_bytes": self.scratch_bytes,
        }

    def describe_memory(self) -> str:
        mib = self.memory_bytes / MIB
        return f"{mib / 1024:g} GiB" if mib >= 1024 else f"{mib:g} MiB"
