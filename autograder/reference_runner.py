"""Runs the reference (and the misconception variants) at grading time, with a cache.

Results are computed on the grading device with the very inputs the student's function
received, and cached in the runner by (assignment, device, implementation, inputs
fingerprint): in a batch every student's check reuses them. The cache can be saved after
a warm-up run and loaded by worker processes (``dump``/``load``; trusted data written by
the grader itself, read back with ``torch.load(weights_only=True)``).

It also answers a student process's stand-in dependencies (``run_dependency``,
``dependency_vjp``): no reference code ever goes into a student's process.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

import torch

from . import objects
from .course import Assignment
from .errors import AutograderError, ReferenceFailure
from pcpt_portable import gradients, testfuncs, wire
from .worker.dependencies import NoKey, answer_id, generator_leaves, request_secret, seal, tensor_leaves


def dependencies(assignment: Assignment, function: str) -> tuple[str, ...]:
    """The graded functions whose reference versions stand in while ``function`` runs."""
    return assignment.dependencies_of(function)


def reference_module(assignment: Assignment) -> types.ModuleType:
    """The course's ``reference.<assignment>`` (the course is importable: see ``Course.importable``)."""
    return assignment.reference_module()


def fingerprint(*parts) -> str:
    tree, blobs = wire.encode(list(parts))
    digest = hashlib.sha256(json.dumps(tree, sort_keys=True, default=str).encode())
    for blob in blobs:
        digest.update(blob)
    return digest.hexdigest()


class ReferenceRunner:
    def __init__(self, assignment: Assignment, device):
        self.assignment = assignment
        self.device = torch.device(device)
        self.module = reference_module(assignment)
        self._results: dict[tuple, tuple[str, object]] = {}   # key -> ("value", result) or ("error", why)
        self._prepared: dict[tuple, PreparedDependencies] = {}  # (function, inputs) -> its dependencies' run

    def _key(self, implementation: str, args, kwargs) -> tuple:
        return (self.assignment.name, str(self.device), implementation, fingerprint(args, kwargs))

    def _run(self, key, function, args, kwargs):
        if key not in self._results:
            call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
            try:
                self._results[key] = ("value", function(*call_args, **call_kwargs))
            except Exception as exc:  # noqa: BLE001
                self._results[key] = ("error", f"{type(exc).__name__}: {exc}")
        return self._results[key]

    def call(self, function: str, args=(), kwargs=None):
        """The reference result for ``function(*args, **kwargs)`` (``function`` may be ``Class.attribute``).

        A call given live objects (``objects.LocalObject``, or ``Paired``) changes them in
        place, as the student's does: it runs every time, never from the cache.
        """
        args, kwargs = objects.for_reference((tuple(args), dict(kwargs or {})))
        target = self.target(function)
        if objects.handles_in([args, kwargs], objects.LocalObject):
            call_args, call_kwargs = objects.unwrap(testfuncs.materialise(copy.deepcopy((args, kwargs))))
            try:
                return target(*call_args, **call_kwargs)
            except Exception as exc:  # noqa: BLE001
                raise ReferenceFailure(f"reference {self.assignment.name}.{function} failed: "
                                       f"{type(exc).__name__}: {exc}") from exc
        kind, value = self._run(self._key(function, args, kwargs), target, args, kwargs)
        if kind == "error":
            raise ReferenceFailure(f"reference {self.assignment.name}.{function} failed: {value}")
        return value

    def target(self, function: str):
        """The reference's ``function`` (or ``Class.attribute``)."""
        target = objects.look_up(vars(self.module), function)
        if type(target) is tuple:
            raise ReferenceFailure(f"reference {self.assignment.name}.{function}: {target[1]}")
        return target

    def construct(self, owner, args=(), kwargs=None) -> "objects.LocalObject":
        """An instance of the reference's class ``owner`` (or what a ``NamedCallable`` test function
        builds). Its random initial values come from seed 0, whatever the grader drew before."""
        if isinstance(owner, wire.NamedCallable):
            name, made, args = owner.name, testfuncs.build(owner.name), tuple(owner.args) + tuple(args)
        else:
            name, made = str(owner), objects.look_up(vars(self.module), str(owner))
            if not isinstance(made, type):
                raise ReferenceFailure(f"reference {self.assignment.name}.{name} is not a class")
        call_args, call_kwargs = objects.unwrap(objects.for_reference((tuple(args), dict(kwargs or {}))))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            try:
                return objects.LocalObject(made(*call_args, **call_kwargs), name)
            except Exception as exc:  # noqa: BLE001
                raise ReferenceFailure(f"reference {self.assignment.name}.{name} failed: "
                                       f"{type(exc).__name__}: {exc}") from exc

    def vjp(self, function: str, args, kwargs, wrt, grad_outputs, *, variant=None) -> tuple[object, list, list]:
        """The reference's ``(value, attached, gradients)`` for a gradient check (``pcpt_portable.gradients.vjp``
        on the grading device, with the same ``grad_outputs`` the student's call gets). ``variant``:
        ``(key, implementation)`` of a misconception variant instead, None when it raised."""
        wrt = [gradients.normalise_path(path) for path in wrt]
        implementation = variant[1] if variant else self.target(function)

        def taken(*call_args, **call_kwargs):
            with torch.enable_grad():
                result = gradients.vjp(implementation, call_args, call_kwargs, wrt, grad_outputs)
            return result.value, result.attached, result.gradients

        name = f"variant:{variant[0]}" if variant else function
        key = self._key(f"vjp:{name}:{wrt!r}", [list(args), list(grad_outputs)], kwargs)
        kind, value = self._run(key, taken, args, kwargs)
        if kind == "error":
            if variant:
                return None
            raise ReferenceFailure(f"the gradient of reference {self.assignment.name}.{function} failed: {value}")
        return value

    def variant(self, key: str, implementation, args=(), kwargs=None):
        """A misconception variant's result, or None when it raised on these inputs (or was given live
        objects: a variant must not change the reference's object, and its result would not be cached)."""
        if objects.handles_in([args, kwargs], (objects.LocalObject, objects.StudentObject, objects.Paired)):
            return None
        kind, value = self._run(self._key("variant:" + key, args, kwargs), implementation, args, kwargs)
        return value if kind == "value" else None

    def prepare_dependencies(self, function: str, args=(), kwargs=None) -> "PreparedDependencies":
        """The reference ``function`` run with its dependencies recorded (cached per inputs, the
        oldest of ``MAX_PREPARED_ENTRIES`` going first)."""
        key = (function, fingerprint(list(args), dict(kwargs or {})))
        if key not in self._prepared:
            if len(self._prepared) >= MAX_PREPARED_ENTRIES:
                self._prepared.pop(next(iter(self._prepared)))
            self._prepared[key] = _prepare(self.module, dependencies(self.assignment, function), function,
                                           args, kwargs)
        return self._prepared[key]

    def cache_size(self) -> int:
        return len(self._results)

    def dump(self) -> bytes:
        """The cached results (grader-made data only) as bytes, for other worker processes or machines."""
        buffer = io.BytesIO()
        torch.save([(list(k), v) for k, v in self._results.items()], buffer)
        return buffer.getvalue()

    def load(self, source: Path | bytes) -> int:
        """Add saved results (a file, or the bytes of ``dump``) to this runner's cache."""
        entries = torch.load(io.BytesIO(source) if isinstance(source, bytes) else source, weights_only=True)
        for key, value in entries:
            self._results.setdefault(tuple(key), tuple(value) if isinstance(value, list) else value)
        return len(entries)


# -- the grader's side of a student process's stand-in dependencies (worker.dependencies) --------

BUDGET_FACTOR = 4   # a call may make this many times the reference's own calls of a dependency,
BUDGET_SLACK = 8    # plus this many (styles differ: an extra loss for a print, a final evaluation)
MAX_JACOBIAN_ROWS = 4  # scalar outputs whose gradients go with the value (see DependencyValue)
MAX_PREPARED_BYTES = 16 * 1024 * 1024  # answers prepared ahead for one call (the rest go by round trip)
MAX_PREPARED_ENTRIES = 512             # input sets whose prepared answers are cached


class DependencyTimeout(AutograderError, TimeoutError):
    """The call's deadline passed while the grader computed a dependency for it."""

    exit_status = None   # the call's timeout, answered to the student process


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


@dataclass
class PreparedDependencies:
    """What the reference's own run of a function on a check's inputs says about its dependencies.

    ``budget``: how often one call may ask the grader for each dependency
    (``BUDGET_FACTOR`` times the reference's own calls, plus ``BUDGET_SLACK``);
    ``answers``: the replies to the reference's own dependency calls, sealed under their
    requests (``worker.dependencies``), sent with the call so that a student loop that
    makes the same calls needs no round trips.
    """

    counts: dict[str, int]
    answers: list[tuple[str, bytes]]

    @property
    def budget(self) -> dict[str, int]:
        return {name: BUDGET_FACTOR * count + BUDGET_SLACK for name, count in self.counts.items()}


def _prepare(module, names: tuple[str, ...], function: str, args, kwargs) -> PreparedDependencies:
    """Run the reference ``function`` of ``module`` with its dependencies ``names`` recorded."""
    counts, answers, size = dict.fromkeys(names, 0), [], [0]

    def recording(name, real):
        def recorded(*a, **k):
            counts[name] += 1
            try:
                secret, grad_inputs = request_secret(name, a, k)
            except NoKey:
                return real(*a, **k)
            value = real(*a, **k)
            if size[0] < MAX_PREPARED_BYTES:
                reply = _reply(value, grad_inputs, generator_leaves([list(a), dict(k)]), retain_graph=True)
                if reply.graph is None:
                    payload = wire.pack(*reply_message(reply))
                    answers.append((answer_id(secret), seal(secret, payload)))
                    size[0] += len(payload)
            return value
        return recorded

    namespace = dict(vars(module), **{name: recording(name, getattr(module, name)) for name in names})
    outer = getattr(module, function)
    clone = types.FunctionType(outer.__code__, namespace, outer.__name__, outer.__defaults__, outer.__closure__)
    clone.__kwdefaults__ = outer.__kwdefaults__
    call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
    try:
        clone(*call_args, **call_kwargs)
    except Exception:  # noqa: BLE001 - the reference failing shows in the check itself
        pass
    return PreparedDependencies(counts, answers)


@dataclass
class DependencyValue:
    """One reference dependency's result for a student process.

    ``value`` is detached; ``differentiable`` says, per tensor in it (``tensor_leaves``
    order), whether it depends on the inputs that require grad. When every such tensor
    is a single number (a loss function), ``jacobian`` holds, per
    differentiable output, its gradient with respect to each input (or None): the
    student process's backward pass is then a local product, no second round trip.
    Otherwise ``graph`` keeps (inputs, outputs) for ``dependency_vjp``. ``generators``:
    the arguments' generators as the call left them (``generator_leaves`` order).
    """

    value: object
    differentiable: list[bool]
    graph: tuple[list, list] | None
    generators: list
    elements: int = 0
    jacobian: list[list] | None = None


def _snapshot(generator: torch.Generator) -> torch.Generator:
    """A new generator in ``generator``'s current state (the reference's later draws leave it alone)."""
    copy = torch.Generator(device=generator.device)
    copy.set_state(generator.get_state())
    return copy


def _reply(value, grad_inputs: list, generators: list, *, retain_graph: bool = False) -> DependencyValue:
    """``value`` as a stand-in's reply: detached, with its Jacobian rows or its graph where it needs one,
    and the states ``generators`` have now."""
    outputs = tensor_leaves(value)
    differentiable = [bool(grad_inputs) and t.requires_grad for t in outputs]
    generators = [_snapshot(g) for g in generators]
    if not any(differentiable):
        return DependencyValue(gradients.detached(value), differentiable, None, generators)
    scalars = [out for out, keep in zip(outputs, differentiable) if keep]
    if len(scalars) <= MAX_JACOBIAN_ROWS and all(out.numel() == 1 for out in scalars):
        rows = []
        for number, out in enumerate(scalars):
            grads = torch.autograd.grad(out, grad_inputs, allow_unused=True,
                                        retain_graph=retain_graph or number < len(scalars) - 1)
            rows.append([None if grad is None else grad.detach() for grad in grads])
        return DependencyValue(gradients.detached(value), differentiable, None, generators, jacobian=rows)
    elements = sum(t.numel() for t in grad_inputs) + sum(t.numel() for t in outputs)
    return DependencyValue(gradients.detached(value), differentiable, (grad_inputs, outputs), generators, elements)


def reply_message(result: DependencyValue, call: int | None = None) -> tuple[dict, list[bytes]]:
    """The message that answers dependency call ``call`` with ``result`` (None: an answer prepared ahead)."""
    (tree, jacobian, generators), blobs = wire.encode_parts([(result.value, False), (result.jacobian, False),
                                                             (result.generators, False)])
    return {"op": "dependency_result", "call": call, "ok": True, "value": tree,
            "differentiable": result.differentiable, "jacobian": jacobian, "generators": generators}, blobs


def run_dependency(assignment: Assignment, name: str, args: list, kwargs: dict, *, grad_inputs: int,
                   deadline: float) -> DependencyValue:
    """Run the reference ``name`` on a student process's arguments (on the grading device).

    ``grad_inputs`` tensors of the arguments require grad in the student's process
    (0 when grad mode is off there); the graph is kept only then. Raises what the
    reference raises on these arguments, and DependencyTimeout after ``deadline``.
    """
    function = getattr(reference_module(assignment), name)
    leaves = [t for t in tensor_leaves([args, kwargs]) if t.requires_grad]
    if len(leaves) != grad_inputs:
        raise wire.WireError("the arguments that require grad do not add up")
    generators = generator_leaves([args, kwargs])   # fresh ones decoded in the sender's states
    call_args, call_kwargs = testfuncs.materialise((list(args), dict(kwargs)))
    with _until(deadline), torch.enable_grad():
        value = function(*call_args, **call_kwargs)
        return _reply(value, leaves if grad_inputs else [], generators)


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
