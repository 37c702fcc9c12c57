"""A function's vector-Jacobian product, taken where the function runs.

``vjp(function, args, kwargs, wrt, grad_outputs)`` replaces the tensors at the argument
paths ``wrt`` by fresh leaves that require grad, calls the function, notes for each
floating tensor of its result whether it is attached to the graph, and takes
``torch.autograd.grad`` of the attached ones with ``grad_outputs``. The student's
process (``autograder.worker.gradients``), the grader's reference
(``autograder.reference_runner``) and the student check (``check_runner``) all use it,
so the three compute the same thing the same way. The caller's tensors are never touched.

An argument path is a tuple of keys into ``(args, kwargs)``: its first key is a positional
index (int) or a keyword name (str), the next ones index into lists, tuples and dicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .errors import AutograderError
from .findings import tensors

Path = tuple


class GradientRequestError(AutograderError, ValueError):
    """A ``wrt`` path or ``grad_outputs`` that does not fit the call (the check author's or the grader's error)."""

    exit_status = None   # a check that asks for a gradient the call cannot give: a bug in the checks


BACKWARD_PREFIX = "in the backward pass through its result: "


@dataclass
class VJP:
    value: object               # the function's result, detached
    attached: list[bool]        # per floating tensor of the result (``floating_outputs`` order)
    gradients: list | None      # per ``wrt`` path: a tensor, or None where no gradient flows;
                                # None when the result's tensors do not fit ``grad_outputs``


def normalise_path(path) -> Path:
    """``0`` → ``(0,)``, ``"x"`` → ``("x",)``; a tuple or list of ints and strs stays (as a tuple)."""
    keys = tuple(path) if isinstance(path, (tuple, list)) else (path,)
    if not keys or not all(type(k) in (int, str) for k in keys):
        raise GradientRequestError(f"an argument path is a non-empty tuple of ints and strs, not {path!r}")
    return keys


def path_text(path: Path, names=None) -> str:
    """How a message names the argument at ``path``: ``x``, ``params[1]``, or ``argument 0``."""
    first = path[0]
    if type(first) is int:
        head = names[first] if names and first < len(names) else f"argument {first}"
    else:
        head = first
    return head + "".join(f"[{k!r}]" for k in path[1:])


def _get(container, key):
    try:
        return container[key]
    except (IndexError, KeyError, TypeError) as exc:
        raise GradientRequestError(f"no argument at {key!r}") from exc


def at_path(args, kwargs, path: Path):
    """The argument at ``path``."""
    item = (args, kwargs)[0 if type(path[0]) is int else 1]
    for key in path:
        item = _get(item, key)
    return item


def _replaced(container, keys: Path, make):
    """``container`` with the item at ``keys`` replaced by ``make(item)``; containers on the way are copied."""
    item = _get(container, keys[0])
    new = make(item) if len(keys) == 1 else _replaced(item, keys[1:], make)
    if type(container) is dict:
        return {**container, keys[0]: new}
    if type(container) in (list, tuple):
        items = list(container)
        items[keys[0]] = new
        return type(container)(items)
    raise GradientRequestError(f"cannot index a {type(container).__name__} with {keys[0]!r}")


def with_value(args, kwargs, path: Path, value) -> tuple[tuple, dict]:
    """``args`` and ``kwargs`` with the argument at ``path`` replaced by ``value``."""
    arguments = [list(args), dict(kwargs)]
    which = 0 if type(path[0]) is int else 1
    arguments[which] = _replaced(arguments[which], path, lambda item: value)
    return tuple(arguments[0]), arguments[1]


def with_leaves(args, kwargs, wrt) -> tuple[tuple, dict, list[torch.Tensor]]:
    """``args`` and ``kwargs`` with the tensor at each path of ``wrt`` replaced by a fresh leaf."""
    arguments = [list(args), dict(kwargs)]
    leaves = []

    def leaf(item):
        if not isinstance(item, torch.Tensor) or not item.is_floating_point():
            raise GradientRequestError(f"a gradient is taken with respect to a floating tensor, not "
                                       f"{type(item).__name__}")
        leaves.append(item.detach().clone().requires_grad_(True))
        return leaves[-1]

    for path in wrt:
        keys = normalise_path(path)
        which = 0 if type(keys[0]) is int else 1
        arguments[which] = _replaced(arguments[which], keys, leaf)
    return tuple(arguments[0]), arguments[1], leaves


def floating_outputs(value) -> list[tuple[str, torch.Tensor]]:
    """``(path, tensor)`` of each floating tensor in ``value`` (the order ``grad_outputs`` follows)."""
    return [(path, t) for path, t in tensors(value, "result") if t.is_floating_point()]


def detached(value):
    if isinstance(value, torch.Tensor):
        return value.detach()
    if type(value) in (list, tuple):
        return type(value)(detached(v) for v in value)
    if type(value) is dict:
        return {k: detached(v) for k, v in value.items()}
    return value


def backward(value, leaves: list[torch.Tensor], grad_outputs: list) -> VJP:
    """The VJP of an already computed ``value`` with respect to ``leaves`` (see ``vjp``)."""
    outputs = [t for _, t in floating_outputs(value)]
    attached = [bool(t.requires_grad) for t in outputs]
    if len(grad_outputs) != len(outputs) or any(
            g is not None and (g.shape != t.shape or g.dtype != t.dtype) for g, t in zip(grad_outputs, outputs)):
        return VJP(detached(value), attached, None)
    pairs = [(t, g.to(t.device)) for t, g, a in zip(outputs, grad_outputs, attached) if a and g is not None]
    gradients: list = [None] * len(leaves)
    if pairs and leaves:   # what this raises is the function's own error (a custom backward may raise anything)
        gradients = list(torch.autograd.grad([t for t, _ in pairs], leaves, [g for _, g in pairs],
                                             allow_unused=True))
    return VJP(detached(value), attached, [None if g is None else g.detach() for g in gradients])


def vjp(function, args, kwargs, wrt, grad_outputs: list) -> VJP:
    """Call ``function`` on ``args``/``kwargs`` with fresh leaves at ``wrt`` and take its VJP with ``grad_outputs``
    (one entry per ``floating_outputs`` of the result, a tensor or None to leave that output out)."""
    call_args, call_kwargs, leaves = with_leaves(args, kwargs, wrt)
    return backward(function(*call_args, **call_kwargs), leaves, grad_outputs)


def seeded_grad_outputs(value, seed: int = 0) -> list[torch.Tensor]:
    """The grader's ``grad_outputs`` for a result like ``value``: seeded standard-normal tensors of each floating
    output's shape, dtype and device (not ones: a sum of the gradient's entries hides a wrong one)."""
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn(t.shape, generator=generator, dtype=torch.float64).to(t.dtype).to(t.device)
            for _, t in floating_outputs(value)]


def filled(gradients: list, leaves: list) -> list[torch.Tensor]:
    """``gradients`` with None ("no gradient flows") as the zeros it means, for comparing and diagnosis."""
    return [torch.zeros_like(leaf) if g is None else g for g, leaf in zip(gradients, leaves)]
