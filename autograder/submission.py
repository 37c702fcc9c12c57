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
import io
import time
from collections import Counter, OrderedDict
from contextlib import nullcontext, redirect_stderr, redirect_stdout

import torch

from .course import Assignment
from pcpt_portable.messages import (BUDGET_MESSAGE, DEPENDENCY_GRAPH_MESSAGE, DEPENDENCY_LIMIT_MESSAGE, LEFT_RUNNING,
                                    NOT_RUN_AGAIN)
from .notebook import NotebookCell
from . import reference_runner
from .sandbox import CallResult, CellResult, ForkServer, Limits, ObjectState, StudentError
from pcpt_portable import gradients, testfuncs, wire
from pcpt_portable.wire import NamedCallable
from . import objects
from .worker.tracing import trace_api

MAX_RESTARTS = 40          # a safety net: the submission's time limit is the real bound
FUNCTION_FAILURES = 2      # calls of one function that crash or time out before its other checks stop
ERROR_TYPES = ("TypeError", "ValueError", "IndexError", "RuntimeError")
MAX_GRAPH_ELEMENTS = 32_000_000  # tensor elements kept for stand-ins' backward passes per call (oldest go first)


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


def _test_function(name: str, args: tuple):
    """Rebuild a callable a student process sent back by name (only the grader's own test functions)."""
    if name not in testfuncs.names() or not all(isinstance(a, (torch.Tensor, float, int)) for a in args):
        raise wire.WireError(f"unknown test function {name[:40]!r}")
    try:
        return testfuncs.build(name, args)
    except (LookupError, TypeError, ValueError) as exc:
        raise wire.WireError(f"test function {name!r} with bad arguments") from exc


class DependencyServer:
    """Answers one call's stand-in dependencies (``worker.dependencies``) with the reference.

    Everything a request carries is checked: the call ids run 1, 2, ...; the name is one
    of this call's dependencies; arguments decode strictly (tensors on the grading
    device, callables only the grader's named test functions). Anything else is a
    protocol violation (WireError): the client kills the process. How often each
    dependency is answered is bounded (``ReferenceRunner.prepare_dependencies``), and the
    work shares the call's deadline.
    """

    def __init__(self, assignment: Assignment, function: str, args, kwargs, limits: Limits,
                 reference: reference_runner.ReferenceRunner | None = None):
        self.assignment = assignment
        self.function = function
        self.names = assignment.dependencies_of(function)
        reference = reference or reference_runner.ReferenceRunner(assignment, "cpu")
        prepared = reference.prepare_dependencies(function, args, kwargs)
        self.budget = prepared.budget
        self.answers = prepared.answers
        self.limits = limits
        self.calls = 0
        self.used: Counter = Counter()
        self.graphs: OrderedDict[int, reference_runner.DependencyValue] = OrderedDict()
        self.tracked: dict[int, str] = {}   # call ids that had a graph, with their dependency's name
        self.kept_elements = 0

    def handle(self, header: dict, blobs: list[bytes], deadline: float) -> tuple[dict, list[bytes]]:
        op = header.get("op")
        if op == "dependency":
            return self._forward(header, blobs, deadline)
        if op == "dependency_backward":
            return self._backward(header, blobs, deadline)
        raise wire.WireError(f"unknown request {str(op)[:40]!r}")

    def _decode(self, tree, blobs):
        return wire.decode(tree, blobs, device_map=grader_device, resolve_callable=_test_function,
                           max_numel=self.limits.max_result_elements)

    @staticmethod
    def _failure(op: str, call: int, exc: BaseException) -> tuple[dict, list[bytes]]:
        kind = type(exc).__name__ if type(exc).__name__ in ERROR_TYPES else "RuntimeError"
        return {"op": op, "call": call, "ok": False, "error": {"type": kind, "message": str(exc)[:1000]}}, []

    def _forward(self, header, blobs, deadline):
        call, name, grad_inputs = header.get("call"), header.get("name"), header.get("grad_inputs")
        if type(call) is not int or call != self.calls + 1:
            raise wire.WireError("a dependency call out of order")
        if name not in self.names:
            raise wire.WireError(f"{str(name)[:40]!r} is not a dependency of {self.function}")
        if type(grad_inputs) is not int or not 0 <= grad_inputs <= wire.MAX_ITEMS:
            raise wire.WireError("bad dependency request")
        self.calls = call
        self.used[name] += 1
        if self.used[name] > self.budget[name]:
            count = (self.budget[name] - reference_runner.BUDGET_SLACK) // reference_runner.BUDGET_FACTOR
            return self._failure("dependency_result", call, RuntimeError(DEPENDENCY_LIMIT_MESSAGE.format(
                name=name, budget=self.budget[name], function=self.function, count=count)))
        arguments = self._decode(header.get("args"), blobs)
        if (type(arguments) is not list or len(arguments) != 2 or type(arguments[0]) is not list
                or type(arguments[1]) is not dict or not all(type(k) is str for k in arguments[1])):
            raise wire.WireError("bad dependency arguments")
        try:
            result = reference_runner.run_dependency(self.assignment, name, arguments[0], arguments[1],
                                                     grad_inputs=grad_inputs, deadline=deadline)
        except (wire.WireError, TimeoutError):
            raise
        except Exception as exc:  # noqa: BLE001 - the student's arguments made the reference raise
            return self._failure("dependency_result", call, exc)
        if result.graph is not None:
            self._keep(call, name, result)
        return reference_runner.reply_message(result, call)

    def _keep(self, call: int, name: str, result) -> None:
        self.graphs[call] = result
        self.tracked[call] = name
        self.kept_elements += result.elements
        while self.kept_elements > MAX_GRAPH_ELEMENTS and len(self.graphs) > 1:
            _, dropped = self.graphs.popitem(last=False)
            self.kept_elements -= dropped.elements

    def _backward(self, header, blobs, deadline):
        call = header.get("call")
        if type(call) is not int or call not in self.tracked:
            raise wire.WireError("a backward pass through no dependency call")
        result = self.graphs.pop(call, None)
        if result is None:
            return self._failure("dependency_grads", call,
                                 RuntimeError(DEPENDENCY_GRAPH_MESSAGE.format(name=self.tracked[call])))
        self.kept_elements -= result.elements
        leaves, outputs = result.graph
        grads = self._decode(header.get("grads"), blobs)
        if type(grads) is not list or len(grads) != len(outputs) or not all(
                g is None or (isinstance(g, torch.Tensor) and g.shape == out.shape and g.is_floating_point())
                for g, out in zip(grads, outputs)):
            raise wire.WireError("gradients that do not match the dependency's result")
        try:
            value = reference_runner.dependency_vjp(result.graph, grads, deadline)
        except TimeoutError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. non-finite values are fine, but be explicit
            return self._failure("dependency_grads", call, exc)
        tree, out_blobs = wire.encode(value)
        return {"op": "dependency_grads", "call": call, "ok": True, "grads": tree}, out_blobs


class SandboxedSubmission:
    def __init__(self, server: ForkServer, cells: list[NotebookCell], assignment: Assignment,
                 limits: Limits | None = None,
                 reference: reference_runner.ReferenceRunner | None = None, started: float | None = None):
        """``reference`` answers stand-in dependencies (the check session's, whose caches outlive
        one submission); without one, the submission makes its own. ``started`` (time.monotonic)
        is when the grader began with this submission: reading and parsing its notebook outside the
        sandbox count in its time limit, as does everything the checks do between calls."""
        self.server = server
        self.assignment = assignment
        self.reference = reference or reference_runner.ReferenceRunner(assignment, "cpu")
        self.cells = cells
        self.limits = limits or server.limits
        self.deadline = (time.monotonic() if started is None else started) + self.limits.submission_timeout
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

    def _stopped_before(self, item: str) -> StudentError | None:
        """The error that ends ``item``'s checks once its calls crashed or timed out ``FUNCTION_FAILURES`` times."""
        failures = self.function_failures.setdefault(item, [])
        if len(failures) >= FUNCTION_FAILURES:
            last = failures[-1]
            return StudentError(last.kind, last.type, NOT_RUN_AGAIN.format(message=last.message))
        return None

    def _count_failure(self, item: str, error: StudentError | None) -> None:
        if error is not None and error.kind in ("crashed", "timeout", "memory"):
            self.function_failures.setdefault(item, []).append(error)

    def _after(self) -> None:
        if self.process.tainted:  # threads or processes it started would outlive the call
            self.server.kill(self.process)
            self.process.close()
            self.process.death = self.process.death or StudentError("crashed", message=LEFT_RUNNING)

    def call(self, function: str, args=(), kwargs=None, *, trace: bool = False, vjp: dict | None = None,
             target: objects.StudentObject | None = None) -> CallResult:
        """Call the graded function ``function`` (or ``Class.attribute``); with ``target``, its method ``function``.
        ``vjp``: ``{"wrt": argument paths, "grad_outputs": tensors}`` asks for the gradients too."""
        args, kwargs = objects.for_student((tuple(args), dict(kwargs or {})))
        item = target.owner if target is not None else function.split(".")[0]
        stopped = self._stopped_before(item)
        if stopped is not None:
            return CallResult(False, error=stopped)
        handles = objects.handles_in([args, kwargs, target], objects.StudentObject)
        needs = self.assignment.dependencies_of(item)
        for attempt in (1, 2):
            problem = self._ensure_process() or next(filter(None, (h.lost() for h in handles)), None)
            if problem is not None:
                return CallResult(False, error=problem)
            timeout = min(self.limits.call_timeout, max(self._remaining(), 0.1))
            # A function given live objects runs with its own dependencies (the reference's cannot take them).
            served = DependencyServer(self.assignment, function, args, kwargs, self.limits,
                                      self.reference) if needs and not handles else None
            result = self.process.call(function, args, kwargs, timeout=timeout, trace=trace,
                                       device_map=grader_device, dependencies=served, vjp=vjp,
                                       target=target.id if target is not None else None,
                                       owners={h.id: h.owner for h in handles})
            self._after()
            if result.ok or result.error.kind != "crashed":
                break
        for handle in handles:
            handle.last_state = (result.objects or {}).get(handle.id, handle.last_state)
            handle.recipe = None   # the call may have changed it
        self._count_failure(item, result.error)
        return result

    def construct(self, owner, args=(), kwargs=None) -> objects.StudentObject | StudentError:
        """An instance of the graded class ``owner`` (or what the course test function a
        ``NamedCallable`` names builds), built in the student's process."""
        factory = owner.name if isinstance(owner, NamedCallable) else None
        name = factory or str(owner)
        args, kwargs = objects.for_student((tuple(args), dict(kwargs or {})))
        stopped = self._stopped_before(name)
        problem = stopped or self._ensure_process() or next(
            filter(None, (h.lost() for h in objects.handles_in([args, kwargs], objects.StudentObject))), None)
        if problem is not None:
            return problem
        if factory is not None and owner.args:
            args = tuple(owner.args) + tuple(args)
        timeout = min(self.limits.call_timeout, max(self._remaining(), 0.1))
        made = self.process.construct(None if factory else name, args, kwargs, timeout=timeout, factory=factory)
        self._after()
        if isinstance(made, StudentError):
            self._count_failure(name, made)
            return made
        return objects.StudentObject(self, made[0], name, self.process, made[1])

    def object_state(self, target: objects.StudentObject) -> ObjectState | StudentError:
        """``target``'s ``state_dict`` (tensors) and ``training`` flag, read now."""
        problem = self._stopped_before(target.owner) or self._ensure_process() or target.lost()
        if problem is not None:
            return problem
        timeout = min(self.limits.call_timeout, max(self._remaining(), 0.1))
        state = self.process.state(target.id, target.owner, timeout=timeout, device_map=grader_device)
        self._after()
        if isinstance(state, StudentError):
            self._count_failure(target.owner, state)
        return state

    def cell_errors(self) -> list[tuple[NotebookCell, CellResult]]:
        by_index = {cell.index: cell for cell in self.cells}
        return [(by_index[i], r) for i, r in sorted(self.cell_results.items()) if not r.ok]

    def close(self) -> None:
        if self.process is not None:
            self.process.close()


class InProcessSubmission:
    """Graded functions looked up in ``namespace`` and called directly."""

    def __init__(self, namespace: dict, assignment: Assignment):
        self.namespace = namespace
        self.assignment = assignment
        self.cell_results: dict[int, CellResult] = {}

    def call(self, function: str, args=(), kwargs=None, *, trace: bool = False, vjp: dict | None = None,
             target: objects.LocalObject | None = None) -> CallResult:
        """Like ``SandboxedSubmission.call``; ``target`` is a ``LocalObject`` this submission built."""
        try:
            method = getattr(target.instance, function) if target is not None else \
                objects.look_up(self.namespace, function)
        except Exception as exc:  # noqa: BLE001 - a student's __getattr__ or metaclass
            return CallResult(False, error=StudentError("exception", type(exc).__qualname__, str(exc)[:2000]))
        if type(method) is tuple or not callable(method):
            kind, message = method if type(method) is tuple else ("TypeError", f"{function} is not a function")
            return CallResult(False, error=StudentError("missing", kind, message))
        args, kwargs = objects.for_student((list(args), dict(kwargs or {})))
        handles = objects.handles_in([args, kwargs], objects.LocalObject)
        args, kwargs = objects.unwrap(testfuncs.materialise(copy.deepcopy((args, kwargs))))
        refer = {id(h.instance): number for number, h in enumerate(handles)}
        taken = None
        if vjp:
            args, kwargs, leaves = gradients.with_leaves(args, kwargs, vjp["wrt"])
            args = list(args)
        output = io.StringIO()
        reference = reference_runner.reference_module(self.assignment)
        item = target.owner if target is not None else function.split(".")[0]
        saved = {name: self.namespace.get(name) for name in self.assignment.dependencies_of(item)}
        started = time.perf_counter()
        stage = ""   # BACKWARD_PREFIX while the backward pass runs (an exception there says so, as in the sandbox)
        try:
            self.namespace.update({name: getattr(reference, name) for name in saved})
            with redirect_stdout(output), redirect_stderr(output):
                with trace_api() if trace else nullcontext() as api:
                    value = method(*args, **kwargs)
                if vjp:   # the grader's backward pass, outside the trace (as in the sandbox)
                    stage = gradients.BACKWARD_PREFIX
                    taken = gradients.backward(value, leaves, vjp["grad_outputs"])
                    value, stage = taken.value, ""
            seconds = time.perf_counter() - started   # inside the call and its backward, as the sandbox counts it
            parts = [(value, False), ([args, kwargs], True)] + ([(api.evidence(), False)] if trace else [])
            (value_tree, inputs_tree, *evidence_tree), blobs = wire.encode_parts(parts, refer=lambda v: refer.get(id(v)))
            value, inputs_after, *evidence = wire.decode_parts([value_tree, inputs_tree, *evidence_tree], blobs)
            evidence = evidence[0] if trace else None
        except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
            return CallResult(False, output=output.getvalue()[-4000:], seconds=time.perf_counter() - started,
                              error=StudentError("exception", type(exc).__qualname__, (stage + str(exc))[:2000]))
        finally:
            self.namespace.update(saved)
        states = {number: handle.state() for number, handle in enumerate(handles)}
        for number, handle in enumerate(handles):
            handle.last_state, handle.recipe = states[number], None
        return CallResult(True, value=value, inputs_after=inputs_after, api=dict(api.counter) if trace else None,
                          evidence=evidence, objects=states or None, attached=taken.attached if taken else None,
                          gradients=taken.gradients if taken else None,
                          output=output.getvalue()[-4000:], seconds=seconds)

    def construct(self, owner, args=(), kwargs=None) -> objects.LocalObject | StudentError:
        """``SandboxedSubmission.construct``, in this process."""
        name = owner.name if isinstance(owner, NamedCallable) else str(owner)
        if isinstance(owner, NamedCallable):
            made = testfuncs.build(owner.name)
            args = tuple(owner.args) + tuple(args)
        else:
            made = objects.look_up(self.namespace, name)
            if type(made) is tuple:
                return StudentError("missing", made[0], made[1])
            if not isinstance(made, type):
                return StudentError("missing", "TypeError", f"{name} is not a class")
        args, kwargs = objects.unwrap(objects.for_student((tuple(args), dict(kwargs or {}))))
        try:
            return objects.LocalObject(made(*args, **kwargs), name, self)
        except Exception as exc:  # noqa: BLE001
            return StudentError("exception", type(exc).__qualname__, str(exc)[:2000])

    def object_state(self, target: objects.LocalObject) -> ObjectState:
        return target.state()

    def cell_errors(self) -> list:
        return []
