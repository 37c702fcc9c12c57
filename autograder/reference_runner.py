"""Runs the reference (and the misconception variants) at grading time, with a cache.

Results are computed on the grading device with the very inputs the student's function
received, and cached by (assignment, device, implementation, inputs fingerprint): in a
batch every student's check reuses them. The cache can be saved after a warm-up run
and loaded by worker processes (``save``/``load``; trusted data written by the grader
itself, read back with ``torch.load(weights_only=True)``).

It also answers a student process's stand-in dependencies (``run_dependency``,
``dependency_vjp``): no reference code ever goes into a student's process.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import json
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

import torch

from .assignments import dependencies
from .worker import testfuncs, wire
from .worker.dependencies import tensor_leaves

_CACHE: dict[tuple, object] = {}


class ReferenceFailure(RuntimeError):
    """The reference itself raised: a bug in the grader, never the student's fault."""


def fingerprint(*parts) -> str:
    tree, blobs = wire.encode(list(parts))
    digest = hashlib.sha256(json.dumps(tree, sort_keys=True, default=str).encode())
    for blob in blobs:
        digest.update(blob)
    return digest.hexdigest()


class ReferenceRunner:
    def __init__(self, assignment: str, device):
        self.assignment = assignment
        self.device = torch.device(device)
        self.module = importlib.import_module(f"reference.{assignment}")

    def _key(self, implementation: str, args, kwargs) -> tuple:
        return (self.assignment, str(self.device), implementation, fingerprint(args, kwargs))

    def _run(self, key, function, args, kwargs):
        if key not in _CACHE:
            call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
            try:
                _CACHE[key] = ("value", function(*call_args, **call_kwargs))
            except Exception as exc:  # noqa: BLE001
                _CACHE[key] = ("error", f"{type(exc).__name__}: {exc}")
        return _CACHE[key]

    def call(self, function: str, args=(), kwargs=None):
        """The reference result for ``function(*args, **kwargs)``."""
        kind, value = self._run(self._key(function, args, kwargs), getattr(self.module, function), args, kwargs)
        if kind == "error":
            raise ReferenceFailure(f"reference {self.assignment}.{function} failed: {value}")
        return value

    def variant(self, key: str, implementation, args=(), kwargs=None):
        """A misconception variant's result, or None when it raised on these inputs."""
        kind, value = self._run(self._key("variant:" + key, args, kwargs), implementation, args, kwargs)
        return value if kind == "value" else None


def cache_size() -> int:
    return len(_CACHE)


def save(path: Path) -> None:
    """Write the cache (grader-made data only) for other worker processes to load."""
    entries = [(list(k), v) for k, v in _CACHE.items()]
    torch.save(entries, path)


def load(path: Path) -> int:
    entries = torch.load(path, weights_only=True)
    for key, value in entries:
        _CACHE.setdefault(tuple(key), tuple(value) if isinstance(value, list) else value)
    return len(entries)


# -- the grader's side of a student process's stand-in dependencies (worker.dependencies) --------

BUDGET_FACTOR = 4   # a call may make this many times the reference's own calls of a dependency,
BUDGET_SLACK = 8    # plus this many (styles differ: an extra loss for a print, a final evaluation)
MAX_JACOBIAN_ROWS = 4  # scalar outputs whose gradients go with the value (see DependencyValue)
_CALL_COUNTS: dict[tuple, dict[str, int]] = {}


class DependencyTimeout(TimeoutError):
    """The call's deadline passed while the grader computed a dependency for it."""


@contextlib.contextmanager
def _until(deadline: float):
    """Raise DependencyTimeout at the next Python call once ``deadline`` (time.monotonic) has passed.

    A dependency's work grows with what the student passes (``num_epochs``, the size of
    ``params``); this bounds it by the call's own deadline.
    """
    previous = sys.gettrace()

    def watch(frame, event, arg):
        if time.monotonic() > deadline:
            raise DependencyTimeout("the call's time ran out while the grader computed a dependency")
        return None

    sys.settrace(watch)
    try:
        yield
    finally:
        sys.settrace(previous)


def dependency_budget(assignment: str, function: str, args=(), kwargs=None) -> dict[str, int]:
    """How often one call of ``function`` may call each of its graded dependencies.

    ``BUDGET_FACTOR`` times what the reference itself calls on these inputs, plus
    ``BUDGET_SLACK``; the counts are found by running the reference with counters in
    place of its dependencies (cached per inputs).
    """
    names = dependencies(assignment, function)
    key = (assignment, function, fingerprint(list(args), dict(kwargs or {})))
    if key not in _CALL_COUNTS:
        module = importlib.import_module(f"reference.{assignment}")
        counts = dict.fromkeys(names, 0)

        def counting(name, real):
            def counted(*a, **k):
                counts[name] += 1
                return real(*a, **k)
            return counted

        namespace = dict(vars(module), **{name: counting(name, getattr(module, name)) for name in names})
        outer = getattr(module, function)
        clone = types.FunctionType(outer.__code__, namespace, outer.__name__, outer.__defaults__, outer.__closure__)
        clone.__kwdefaults__ = outer.__kwdefaults__
        call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
        try:
            clone(*call_args, **call_kwargs)
        except Exception:  # noqa: BLE001 - the reference failing shows in the check itself
            pass
        _CALL_COUNTS[key] = counts
    return {name: BUDGET_FACTOR * count + BUDGET_SLACK for name, count in _CALL_COUNTS[key].items()}


def _detached(value):
    if isinstance(value, torch.Tensor):
        return value.detach()
    if type(value) in (list, tuple):
        return type(value)(_detached(v) for v in value)
    if type(value) is dict:
        return {k: _detached(v) for k, v in value.items()}
    return value


@dataclass
class DependencyValue:
    """One reference dependency's result for a student process.

    ``value`` is detached; ``differentiable`` says, per tensor in it (``tensor_leaves``
    order), whether it depends on the inputs that require grad. When every such tensor
    is a single number (a loss: ``mse_loss``, ``himmelblau``), ``jacobian`` holds, per
    differentiable output, its gradient with respect to each input (or None): the
    student process's backward pass is then a local product, no second round trip.
    Otherwise ``graph`` keeps (inputs, outputs) for ``dependency_vjp``.
    """

    value: object
    differentiable: list[bool]
    graph: tuple[list, list] | None
    elements: int = 0
    jacobian: list[list] | None = None


def run_dependency(assignment: str, name: str, args: list, kwargs: dict, *, grad_inputs: int,
                   deadline: float) -> DependencyValue:
    """Run the reference ``name`` on a student process's arguments (on the grading device).

    ``grad_inputs`` tensors of the arguments require grad in the student's process
    (0 when grad mode is off there); the graph is kept only then. Raises what the
    reference raises on these arguments, and DependencyTimeout after ``deadline``.
    """
    function = getattr(importlib.import_module(f"reference.{assignment}"), name)
    leaves = [t for t in tensor_leaves([args, kwargs]) if t.requires_grad]
    if len(leaves) != grad_inputs:
        raise wire.WireError("the arguments that require grad do not add up")
    call_args, call_kwargs = testfuncs.materialise((list(args), dict(kwargs)))
    with _until(deadline), torch.enable_grad():
        value = function(*call_args, **call_kwargs)
    outputs = tensor_leaves(value)
    differentiable = [bool(grad_inputs) and t.requires_grad for t in outputs]
    if not any(differentiable):
        return DependencyValue(_detached(value), differentiable, None)
    scalars = [out for out, keep in zip(outputs, differentiable) if keep]
    if len(scalars) <= MAX_JACOBIAN_ROWS and all(out.numel() == 1 for out in scalars):
        rows = []
        with _until(deadline):
            for number, out in enumerate(scalars):
                grads = torch.autograd.grad(out, leaves, retain_graph=number < len(scalars) - 1, allow_unused=True)
                rows.append([None if grad is None else grad.detach() for grad in grads])
        return DependencyValue(_detached(value), differentiable, None, jacobian=rows)
    elements = sum(t.numel() for t in leaves) + sum(t.numel() for t in outputs)
    return DependencyValue(_detached(value), differentiable, (leaves, outputs), elements)


def dependency_vjp(graph: tuple[list, list], grads: list, deadline: float) -> list:
    """The vector-Jacobian product of a kept dependency graph: one gradient (or None) per input."""
    leaves, outputs = graph
    pairs = [(out, grad.to(dtype=out.dtype, device=out.device)) for out, grad in zip(outputs, grads)
             if grad is not None and out.requires_grad]
    if not pairs:
        return [None] * len(leaves)
    with _until(deadline):
        result = torch.autograd.grad([out for out, _ in pairs], leaves, [grad for _, grad in pairs],
                                     allow_unused=True)
    return [None if grad is None else grad.detach() for grad in result]
