"""Which catalogued misconception explains a wrong answer, named only when one alone does.

Each misconception variant of the graded function is run like the reference on the same
inputs; a variant whose result the student's matches (``compare`` with divergence as a
result: inf where the variant has nan still matches) explains the answer. A name is
given only when the explanation carries information:

- the answer must have finite numbers that differ from the reference's: where it is
  all inf/nan, or wrong only where it diverged, every diverging variant "matches" and
  none is evidence;
- exactly one misconception may match: where several do, the answer cannot tell them
  apart and no name is given (the mismatch itself is still reported);
- where the answer gives back unchanged inputs (parameters that never moved), any bug
  that skips the update matches, so the misconception is named only when its
  ``source_order`` is found in the function's own code (``gradients cleared between
  backward() and step()`` needs code that calls them in that order). Without the
  notebook's cells (nbgrader's in-process checks) such an answer gets no name.
"""

from __future__ import annotations

import numpy as np
import torch

from . import misconceptions
from .compare import compare
from .misconceptions import Misconception
from .source_evidence import function_facts
from .tolerances import Tolerance


def _leaves(value, path: tuple = ()):
    """``(path, number tensor)`` for every number in ``value``: tensors, Python and NumPy numbers."""
    if isinstance(value, bool):
        return
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        value = torch.from_numpy(value)
    if isinstance(value, torch.Tensor):
        if not value.is_complex():
            yield path, value.detach().to("cpu", torch.float64)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        try:
            yield path, torch.tensor(float(value), dtype=torch.float64)
        except OverflowError:   # an int beyond float range
            yield path, torch.tensor(float("inf"), dtype=torch.float64)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (repr(key),))


def _same(a: torch.Tensor, b: torch.Tensor, tolerance: Tolerance) -> torch.Tensor:
    """Element-wise closeness of two leaves of the same number of elements."""
    return torch.isclose(a.reshape(-1), b.reshape(-1), rtol=tolerance.rtol, atol=tolerance.atol, equal_nan=True)


def _finite_differences(actual, expected, tolerance: Tolerance):
    """The leaves of ``actual`` with finite numbers that differ from ``expected`` (or have no counterpart)."""
    reference = dict(_leaves(expected))
    for path, numbers in _leaves(actual):
        finite = torch.isfinite(numbers.reshape(-1))
        if not bool(finite.any()):
            continue
        counterpart = reference.get(path)
        if counterpart is None or counterpart.numel() != numbers.numel() \
                or bool((finite & ~_same(numbers, counterpart, tolerance)).any()):
            yield path, numbers


def informative(actual, expected, tolerance: Tolerance) -> bool:
    """Whether ``actual`` is wrong in finite numbers, not only where it diverged."""
    if next(_finite_differences(actual, expected, tolerance), None) is not None:
        return True
    # Items missing or added (a batch dropped, an epoch short) say something too, unless it all diverged.
    ours, theirs = dict(_leaves(actual)), dict(_leaves(expected))
    shape_differs = {path: n.numel() for path, n in ours.items()} != {path: n.numel() for path, n in theirs.items()}
    return shape_differs and any(bool(torch.isfinite(n).any()) for n in ours.values())


def echoes_inputs(actual, expected, args, kwargs, tolerance: Tolerance) -> bool:
    """Whether a wrong part of ``actual`` is one of the inputs given back unchanged."""
    inputs = [numbers for _, numbers in _leaves((tuple(args), dict(kwargs or {})))]
    return any(numbers.numel() == given.numel() and bool(_same(numbers, given, tolerance).all())
               for _, numbers in _finite_differences(actual, expected, tolerance) for given in inputs)


def calls_in_order(cells, function: str, order) -> bool:
    """Whether ``function``'s own code calls a name of each set of ``order``, in that order."""
    if cells is None or not order:
        return False
    remaining = list(order)
    for name in function_facts(cells, function).call_sequence:
        if remaining and name in remaining[0]:
            remaining.pop(0)
    return not remaining


def _variants(reference, function: str, args, kwargs):
    for number, (misconception, implementation) in enumerate(misconceptions.variants_for(reference.assignment, function)):
        yield misconception, reference.variant(f"{function}#{number}:{misconception.key}", implementation, args, kwargs)


def diagnose(reference, function: str, actual, expected, args, kwargs, tolerance: Tolerance, *,
             submission=None, **options) -> Misconception | None:
    """The one catalogued misconception that explains ``actual`` (see the module docstring), if any."""
    if not informative(actual, expected, tolerance):
        return None
    options = dict(options, nonfinite_equivalent=True)
    found: dict[str, Misconception] = {}
    for misconception, result in _variants(reference, function, args, kwargs):
        if result is not None and compare(actual, result, tolerance, **options) is None:
            found[misconception.key] = misconception
            if len(found) > 1:
                return None
    if not found:
        return None
    (misconception,) = found.values()
    if echoes_inputs(actual, expected, args, kwargs, tolerance):
        cells = getattr(submission, "cells", None)
        if not calls_in_order(cells, function, misconception.source_order):
            return None
    return misconception
