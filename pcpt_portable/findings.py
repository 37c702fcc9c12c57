"""The data-only expectations: what a check finds in values it already has.

Each function looks at a call's inputs and result and returns a ``Finding`` (the message a
student reads, without a misconception's explanation, and the key of the misconception it
shows) or None. Grading (``autograder.expectations``) and the student check
(``check_runner``) both call these, so a student reads the same sentence in both places.
The explanation of a misconception is added by the caller (``messages.explained``), from
the course's catalogue in grading and from the check data in the student package.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from . import messages
from .compare import MismatchKind, compare
from .tolerances import Tolerance

# Keys of the engine's generic misconceptions these findings name (autograder.misconceptions.catalogue).
INPUTS_MODIFIED = "inputs_modified"
GRAD_LEFT_ON_INPUTS = "grad_left_on_inputs"
NOT_DETACHED = "not_detached"
SIGNED_ERROR = "signed_error"
DETACHED_RESULT = "detached_result"
# A wrong dtype or device explains a mismatch when no variant does.
ATTRIBUTE_MISCONCEPTIONS = {MismatchKind.DTYPE: "wrong_result_dtype", MismatchKind.DEVICE: "wrong_result_device"}
KEYS = (INPUTS_MODIFIED, GRAD_LEFT_ON_INPUTS, NOT_DETACHED, SIGNED_ERROR, DETACHED_RESULT,
        *ATTRIBUTE_MISCONCEPTIONS.values())


@dataclass(frozen=True)
class Finding:
    message: str                     # what is wrong, as the student reads it
    misconception: str | None = None  # the key of the misconception it shows, if one


def tensors(value, path: str):
    """``(path, tensor)`` for every tensor inside lists, tuples and dicts of ``value``."""
    if isinstance(value, torch.Tensor):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from tensors(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from tensors(item, f"{path}[{key!r}]")


def inputs_changed(function: str, args_before, args_after, names) -> Finding | None:
    """The caller's tensors (positional arguments ``names``) lost their values, ``requires_grad`` or (absent) ``.grad``."""
    for name, before, after in zip(names, args_before, args_after):
        for path, original in tensors(before, name):
            changed = dict(tensors(after, name)).get(path)
            if changed is None:
                continue
            if changed.shape != original.shape or not torch.equal(changed.detach().cpu(), original.detach().cpu()):
                return Finding(messages.changed_in_place(function, path), INPUTS_MODIFIED)
            if changed.requires_grad != original.requires_grad or (original.grad is None and changed.grad is not None):
                return Finding(messages.caller_tensor_changed(function, path, left_grad=changed.grad is not None),
                               GRAD_LEFT_ON_INPUTS)
    return None


def attached(function: str, value, labels=None) -> Finding | None:
    """A returned tensor still requires grad."""
    names = labels or ["result"]
    items = value if labels and isinstance(value, (list, tuple)) else [value]
    for name, item in zip(names, items):
        for path, tensor in tensors(item, name):
            if tensor.requires_grad:
                return Finding(messages.still_attached(function, path), NOT_DETACHED)
    return None


def error_size_problem(function: str, value, below: float, context: str) -> Finding | None:
    """``value`` is not a Python float in [0, below)."""
    if not isinstance(value, float) or isinstance(value, bool):
        return Finding(messages.not_a_float(function, type(value).__name__))
    if value < 0.0:
        return Finding(messages.negative_error_size(function, value), SIGNED_ERROR)
    if not value < below:
        return Finding(messages.error_size_too_large(function, value, context, below))
    return None


def gradient_problem(function: str, got_attached, got_gradients, expected_attached, expected_gradients,
                     outputs: list[str], leaves: list, names: list[str], tolerance: Tolerance,
                     hidden: bool = False) -> Finding | None:
    """A gradient check's result against the reference's (``pcpt_portable.gradients.VJP``), the values already
    agreeing: every output the reference has attached is attached (``outputs`` names them), then per argument
    (``leaves``, named ``names``) a gradient where one flows, equal within ``tolerance``. "No gradient" and a
    zero gradient are the same answer."""
    if got_gradients is None or len(got_attached) != len(expected_attached):
        return Finding(messages.gradient_outputs_differ(function))
    for output, got, expected in zip(outputs, got_attached, expected_attached):
        if expected and not got:
            wrt = next((n for n, g in zip(names, expected_gradients) if g is not None), names[0])
            return Finding(messages.not_attached(function, output, wrt), DETACHED_RESULT)
    for name, leaf, got, expected in zip(names, leaves, got_gradients, expected_gradients):
        if got is None and expected is not None and bool((expected != 0).any()):
            return Finding(messages.no_gradient(function, name), DETACHED_RESULT)
        got, expected = (torch.zeros_like(leaf) if g is None else g for g in (got, expected))   # None: no gradient
        mismatch = compare(got, expected, tolerance, path=f"grad_{name}")
        if mismatch is not None:
            return Finding(messages.wrong_gradient(function, name, mismatch.describe(hidden=hidden)))
    return None
