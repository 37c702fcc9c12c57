"""A submission whose graded functions the checks can call.

``SandboxedSubmission`` runs the notebook's cells in a sandboxed process and forwards
each call there; only plain data comes back. When the student process dies (a crash,
a timeout, ``os._exit``), the next call starts a fresh process and replays the cells
that did not kill it, so one broken function costs only its own checks. A crash (as
opposed to a timeout) is retried once before it counts: the process may have been
killed from outside.

``InProcessSubmission`` calls functions from a namespace in this process. nbgrader's
hidden-test cells use it (there, nbgrader already runs the student's code in-process);
it returns the same ``CallResult`` data, normalised through the same wire format, so
both paths reach the same verdicts.
"""

from __future__ import annotations

import copy
import importlib
import io
import time
from contextlib import nullcontext, redirect_stderr, redirect_stdout

import torch

from .assignments import dependencies
from .notebook import NotebookCell
from .reference_runner import substitute_source
from .sandbox import CallResult, CellResult, ForkServer, Limits, StudentError
from .worker import testfuncs, wire
from .worker.tracing import trace_api

MAX_RESTARTS = 40          # a safety net: the submission's time limit is the real bound
FUNCTION_FAILURES = 2      # calls of one function that crash or time out before its other checks stop
BUDGET_MESSAGE = "the submission used up its total time limit of {seconds:g} s"
NOT_RUN_AGAIN = "{message} (it did so twice, so its remaining checks were not run)"


def grader_device(name: str):
    """Where a tensor the student returned is rebuilt (validates the reported device)."""
    try:
        device = torch.device(name)
    except (RuntimeError, ValueError) as exc:
        raise wire.WireError(f"tensor on an unknown device {name[:40]!r}") from exc
    if device.type == "cpu":
        return "cpu"
    if device.type == "cuda" and torch.cuda.is_available() and (device.index or 0) < torch.cuda.device_count():
        return str(device)
    raise wire.WireError(f"tensor on unsupported device {name[:40]!r}")


class SandboxedSubmission:
    def __init__(self, server: ForkServer, cells: list[NotebookCell], assignment: str, limits: Limits | None = None):
        self.server = server
        self.assignment = assignment
        self.cells = cells
        self.limits = limits or server.limits
        self.deadline = time.monotonic() + self.limits.submission_timeout
        self.cell_results: dict[int, CellResult] = {}
        self.fatal_cells: set[int] = set()   # cells that killed or hung the process
        self.cell_crashes: dict[int, int] = {}
        self.function_failures: dict[str, list[StudentError]] = {}
        self.restarts = 0
        self.process = None

    # -- the student's process -----------------------------------------------------------

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _replay(self) -> bool:
        """Run the cells in a fresh process; False when one of them took the process down."""
        self.process = self.server.spawn()
        for cell in self.cells:
            if cell.index in self.fatal_cells:
                continue
            timeout = min(self.limits.cell_timeout, max(self._remaining(), 0.1))
            result = self.cell_results[cell.index] = self.process.run_cell(cell.index, cell.source, timeout)
            if not self.process.alive:
                # A crash may have come from outside: retry it once; a hang or a second crash is fatal.
                crashes = self.cell_crashes[cell.index] = self.cell_crashes.get(cell.index, 0) + 1
                if result.error.kind != "crashed" or crashes > 1:
                    self.fatal_cells.add(cell.index)
                return False
        return True

    def _run_cells(self) -> None:
        while not self._replay() and self.restarts < MAX_RESTARTS and self._remaining() > 0:
            self.restarts += 1

    def start(self) -> "SandboxedSubmission":
        self._run_cells()
        return self

    def _ensure_process(self) -> StudentError | None:
        if self.process is not None and self.process.alive:
            return None
        if self._remaining() <= 0:
            return StudentError("timeout", message=BUDGET_MESSAGE.format(seconds=self.limits.submission_timeout))
        if self.restarts >= MAX_RESTARTS:
            return StudentError("crashed", message="the Python process running your code kept stopping; "
                                                    "the remaining checks were not run")
        self.restarts += 1
        self._run_cells()
        if not (self.process and self.process.alive):
            return StudentError("crashed", message="your notebook's cells could not be run again after a crash")
        return None

    # -- what the checks use -------------------------------------------------------------

    def call(self, function: str, args=(), kwargs=None, *, trace: bool = False) -> CallResult:
        failures = self.function_failures.setdefault(function, [])
        if len(failures) >= FUNCTION_FAILURES:
            last = failures[-1]
            return CallResult(False, error=StudentError(last.kind, last.type, NOT_RUN_AGAIN.format(message=last.message)))
        needs = dependencies(self.assignment, function)
        substitutes = {"source": substitute_source(self.assignment, needs), "names": list(needs)} if needs else None
        for attempt in (1, 2):
            problem = self._ensure_process()
            if problem is not None:
                return CallResult(False, error=problem)
            timeout = min(self.limits.call_timeout, max(self._remaining(), 0.1))
            result = self.process.call(function, args, kwargs, timeout=timeout, trace=trace,
                                       device_map=grader_device, substitutes=substitutes)
            if self.process.tainted:  # threads or processes it started would outlive the call
                self.server.kill(self.process)
                self.process.close()
            if result.ok or result.error.kind != "crashed":
                break
        if not result.ok and result.error.kind in ("crashed", "timeout", "memory"):
            failures.append(result.error)
        return result

    def cell_errors(self) -> list[tuple[NotebookCell, CellResult]]:
        by_index = {cell.index: cell for cell in self.cells}
        return [(by_index[i], r) for i, r in sorted(self.cell_results.items()) if not r.ok]

    def close(self) -> None:
        if self.process is not None:
            self.process.close()


class InProcessSubmission:
    """Graded functions looked up in ``namespace`` and called directly."""

    def __init__(self, namespace: dict, assignment: str):
        self.namespace = namespace
        self.assignment = assignment
        self.cell_results: dict[int, CellResult] = {}

    def call(self, function: str, args=(), kwargs=None, *, trace: bool = False) -> CallResult:
        target = self.namespace.get(function)
        if not callable(target):
            return CallResult(False, error=StudentError("missing", "NameError", f"{function} is not defined"))
        args, kwargs = testfuncs.materialise(copy.deepcopy((list(args), dict(kwargs or {}))))
        output = io.StringIO()
        reference = importlib.import_module(f"reference.{self.assignment}")
        saved = {name: self.namespace.get(name) for name in dependencies(self.assignment, function)}
        started = time.perf_counter()
        try:
            self.namespace.update({name: getattr(reference, name) for name in saved})
            with redirect_stdout(output), redirect_stderr(output), (trace_api() if trace else nullcontext()) as api:
                value = target(*args, **kwargs)
            parts = [(value, False), ([args, kwargs], True)] + ([(api.evidence(), False)] if trace else [])
            (value_tree, inputs_tree, *evidence_tree), blobs = wire.encode_parts(parts)
            value = wire.decode(value_tree, blobs)
            inputs_after = wire.decode(inputs_tree, blobs)
            evidence = wire.decode(evidence_tree[0], blobs) if trace else None
        except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
            return CallResult(False, output=output.getvalue()[-4000:], seconds=time.perf_counter() - started,
                              error=StudentError("exception", type(exc).__qualname__, str(exc)[:2000]))
        finally:
            self.namespace.update(saved)
        return CallResult(True, value=value, inputs_after=inputs_after, api=dict(api.counter) if trace else None,
                          evidence=evidence,
                          output=output.getvalue()[-4000:], seconds=time.perf_counter() - started)

    def cell_errors(self) -> list:
        return []
