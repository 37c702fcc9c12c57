"""Record how a call computed its result: which PyTorch facilities it used, and on what.

Checks that a function was written the way its exercise asks ("by autograd", "with
torch.optim.SGD", "plain Python, no torch") read two kinds of record made here.

Names (``Trace.counter``), for messages and quick verdicts:

    "torch:<name>"       every torch function or tensor method called from the calling
                         thread (a ``TorchFunctionMode`` is thread-local)
    "optimizer:<Class>"  every optimizer ``step()``, in any thread
    "module:<Class>"     every module forward, in any thread

Evidence (``Trace.evidence()``), which ties the facility to the values it produced,
gathered from the whole process:

    "autograd"   each backward pass (``backward()``, ``torch.autograd.grad``), in any
                 thread: the leaves it differentiated, their values and the gradient it
                 produced for each
    "sgd"        each ``torch.optim.SGD`` step: its learning rate and every parameter's
                 value before and after
    "mse"        each ``torch.nn.MSELoss`` forward: its output
    "ops"        ATen operators run by any thread of the process (PyTorch's profiler,
                 which sees C++ calls too) and how many of them were backward nodes
    "intact"     whether the profiler session that ended was the one started for the call:
                 it began, and its start marker was recorded, before the call began (a
                 session the call starts anew cannot date itself earlier)
    "children"   CPU seconds of child processes that ended during the call

Tensors in the evidence are flattened float64 copies of at most ``KEEP_ELEMENTS``
elements; at most ``KEEP_EVENTS`` of each kind are kept (the latest).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter, deque

import torch
from torch.nn.modules.module import register_module_forward_hook
from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook
from torch.overrides import TorchFunctionMode

MARKER = "pcpt-grader-trace-start"
# Between the session's start and the call's: a session the call starts later is later than
# the call's start by at least this much, whatever the profiler clock's small error.
START_GAP_NS = 2_000_000
KEEP_EVENTS = 64
KEEP_ELEMENTS = 256
GRAPH_NODES = 10_000  # a backward graph is walked this far to find its leaves


def _name(func) -> str:
    return getattr(func, "__name__", None) or type(func).__name__


def _copy(tensor) -> torch.Tensor | None:
    if not isinstance(tensor, torch.Tensor):
        return None
    try:
        with torch.no_grad():
            flat = tensor.detach().reshape(-1)[:KEEP_ELEMENTS]
            return flat.to(device="cpu", dtype=torch.float64).clone()
    except Exception:  # noqa: BLE001 - complex, sparse, meta...: not a value a check compares
        return None


class _Recorder(TorchFunctionMode):
    def __init__(self, counter: Counter):
        super().__init__()
        self.counter = counter

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.counter["torch:" + _name(func)] += 1
        return func(*args, **(kwargs or {}))


def _leaves(roots) -> list[torch.Tensor]:
    """The leaf tensors a backward pass from ``roots`` accumulates gradients into."""
    found, seen, stack = [], set(), [getattr(r, "grad_fn", None) for r in roots]
    while stack and len(seen) < GRAPH_NODES:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if isinstance(variable, torch.Tensor):
            found.append(variable)
        stack.extend(next_node for next_node, _ in getattr(node, "next_functions", ()))
    return found


class _BackwardRecorder:
    """Wraps the one Python entry point every ``backward()`` and ``autograd.grad`` goes through.

    It is a module attribute, so a pass run by any thread is seen.
    """

    def __init__(self, events: deque):
        self.events = events
        self.original = None

    def __call__(self, t_outputs, *args, **kwargs):
        roots = [t for t in (t_outputs if isinstance(t_outputs, (list, tuple)) else [t_outputs])
                 if isinstance(t, torch.Tensor)]
        inputs = kwargs.get("inputs", args[3] if len(args) > 3 else ())
        accumulate = kwargs.get("accumulate_grad", args[5] if len(args) > 5 else True)
        try:
            leaves = [t for t in (inputs or ()) if isinstance(t, torch.Tensor)] or _leaves(roots)
            before = [(leaf, _copy(leaf), _copy(leaf.grad) if accumulate else None) for leaf in leaves]
        except Exception:  # noqa: BLE001 - recording never changes what the student's code sees
            before = []
        result = self.original(t_outputs, *args, **kwargs)
        try:
            event_leaves = []
            for position, (leaf, value, grad_before) in enumerate(before):
                if accumulate:
                    grad = _copy(leaf.grad)
                    if grad is not None and grad_before is not None and grad_before.shape == grad.shape:
                        grad = grad - grad_before
                else:
                    grad = _copy(result[position]) if position < len(result) else None
                if value is not None and grad is not None:
                    event_leaves.append([value, grad])
            self.events.append({"roots": [c for c in map(_copy, roots) if c is not None], "leaves": event_leaves})
        except Exception:  # noqa: BLE001
            pass
        return result

    def install(self) -> None:
        self.original = torch.autograd._engine_run_backward
        torch.autograd._engine_run_backward = self

    def remove(self) -> None:
        if torch.autograd._engine_run_backward is self:
            torch.autograd._engine_run_backward = self.original


def _profiler():
    from torch._C._profiler import _ExperimentalConfig

    return torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                                  experimental_config=_ExperimentalConfig(profile_all_threads=True))


@contextlib.contextmanager
def _quiet_stderr():
    """The profiler logs its start and stop on file descriptor 2; nbgrader would read that
    as a failing cell, so it points at /dev/null meanwhile."""
    try:
        saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def warm_up() -> None:
    """Start the profiler once (about a second the first time), before processes fork."""
    with _quiet_stderr():
        with _profiler():
            torch.zeros(1).add_(1)


class Trace:
    """What one traced call did; fills while the ``trace_api`` block runs."""

    def __init__(self):
        self.counter: Counter = Counter()
        self.autograd: deque = deque(maxlen=KEEP_EVENTS)
        self.sgd: deque = deque(maxlen=KEEP_EVENTS)
        self.mse: deque = deque(maxlen=KEEP_EVENTS)
        self.ops = 0
        self.backward_ops = 0
        self.intact = True
        self.children = 0.0
        self._pending: dict[int, list] = {}
        self._lock = threading.Lock()

    # optimizer and module hooks are global: every thread's steps and forwards arrive here
    def on_step_pre(self, optimizer, args, kwargs):
        if isinstance(optimizer, torch.optim.SGD):
            with self._lock:
                self._pending[id(optimizer)] = [[p, _copy(p)] for group in optimizer.param_groups
                                                for p in group["params"]][:KEEP_EVENTS]

    def on_step(self, optimizer, args, kwargs):
        self.counter["optimizer:" + type(optimizer).__name__] += 1
        with self._lock:
            pending = self._pending.pop(id(optimizer), None)
        if pending is None or not isinstance(optimizer, torch.optim.SGD):
            return
        rates = {float(group.get("lr", float("nan"))) for group in optimizer.param_groups}
        params = [[before, _copy(p)] for p, before in pending if before is not None]
        self.sgd.append({"lr": rates.pop() if len(rates) == 1 else float("nan"), "params": params})

    def on_forward(self, module, args, output):
        self.counter["module:" + type(module).__name__] += 1
        if isinstance(module, torch.nn.MSELoss):
            copy = _copy(output)
            if copy is not None:
                self.mse.append(copy)

    def evidence(self) -> dict:
        return {"autograd": list(self.autograd), "sgd": list(self.sgd), "mse": list(self.mse),
                "ops": self.ops, "backward_ops": self.backward_ops, "intact": self.intact,
                "children": self.children}


def _count_ops(profile, trace: Trace, started_before_ns: int) -> None:
    """Count the session's operators. Read from kineto's raw results: building the profiler's
    ``events()`` table costs ~30 times more (0.9 s for a short training loop). The session
    must be ours: exactly one start marker, and it and the session began before
    ``started_before_ns`` (wall-clock ns, the profiler's clock); the call could end our
    session and start another holding a marker of that name, but only after that time."""
    results = profile.profiler.kineto_results
    markers = []
    for event in results.events():
        name = event.name()
        if name == MARKER:
            markers.append(event.start_ns())
            continue
        trace.ops += 1
        if "Backward" in name or name.startswith("autograd::engine"):
            trace.backward_ops += 1
    if len(markers) != 1 or markers[0] > started_before_ns or results.trace_start_ns() > started_before_ns:
        trace.intact = False


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


@contextlib.contextmanager
def trace_api():
    """Yield a ``Trace`` that records the call made inside the block."""
    trace = Trace()
    backward = _BackwardRecorder(trace.autograd)
    hooks = [register_optimizer_step_pre_hook(trace.on_step_pre), register_optimizer_step_post_hook(trace.on_step),
             register_module_forward_hook(trace.on_forward)]
    backward.install()
    profile = _profiler()
    profiling = False
    try:
        with _quiet_stderr():
            profile.__enter__()
        with torch.profiler.record_function(MARKER):
            pass
        started_before_ns = time.time_ns() + START_GAP_NS // 2  # half the gap: room for the clocks' error
        time.sleep(START_GAP_NS / 1e9)
        profiling = True
    except Exception:  # noqa: BLE001 - e.g. the student's own code left a profiler running
        trace.intact = False
    children_before = _children_cpu()
    try:
        with _Recorder(trace.counter):
            yield trace
    finally:
        trace.children = _children_cpu() - children_before
        backward.remove()
        for hook in hooks:
            hook.remove()
        if profiling:
            try:
                with _quiet_stderr():
                    profile.__exit__(None, None, None)
                _count_ops(profile, trace, started_before_ns)
            except Exception:  # noqa: BLE001 - the call stopped or replaced our profiler
                trace.intact = False
