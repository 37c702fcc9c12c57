"""Structured comparison of a student's result with the reference's.

``compare`` returns ``None`` when the values agree and a ``Mismatch`` otherwise: the
path of the first part that differs (``losses[3]``, ``grad_w``, ``result[0.1]``),
what kind of difference it is, and for numbers how many elements differ, the greatest
difference with its index, and the tolerance allowed. Attributes come before values
(type, length/keys, shape, dtype, device), as in ``torch.testing``, across the whole
result: every part's attributes are compared before any part's values; element-wise
closeness is ``torch.isclose``. The only relaxations are explicit keywords:

- ``sequences_interchangeable`` (default True): a list where a tuple is expected (or
  the reverse) is the same answer; the contract's "returns (a, b)" is about content.
- ``scalars_as_float``: a one-element tensor stands for a float (for results whose
  contract does not say "float").
- ``nonfinite_equivalent``: where the reference diverged (inf or nan), any inf or nan
  matches ("divergence is a result"), whichever way the student's run blew up.

An ``int`` is accepted where a float is expected (it is a number of that value); a
``bool`` is not.

``Mismatch.describe(hidden=True)`` is the wording for hidden checks: where and how the
value is off ("too large by a factor of about 2", "has the wrong sign"), never the
expected value or the difference (either would hand out a reusable answer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import torch

from .tolerances import Tolerance
from .wire import Unsupported


class MismatchKind(StrEnum):
    """What differs, in the order ``compare`` checks: attributes first, then values."""

    TYPE = "type"
    LENGTH = "length"
    KEYS = "keys"
    SHAPE = "shape"
    DTYPE = "dtype"
    DEVICE = "device"
    VALUES = "values"


@dataclass
class Mismatch:
    path: str
    kind: MismatchKind
    detail: str               # a sentence for the student
    mismatched: int = 0
    total: int = 0
    greatest_difference: float | None = None
    tolerance: Tolerance | None = None
    got: float | None = None          # for "values": the student's and the expected number where they
    expected: float | None = None     # differ most (public wording shows both, hidden wording neither)
    location: str = ""                # where in ``path`` that element is (``losses[3]``), "" for one number
    noun: str = "elements"

    def __str__(self) -> str:
        return self.describe()

    def describe(self, hidden: bool = False) -> str:
        if not hidden:
            return f"`{self.path}`: {self.detail}"
        if self.kind == MismatchKind.LENGTH and self.got is not None and self.expected is not None:
            # A loop's length can be the answer (the step an early stop happens at): only the direction.
            return f"`{self.path}`: {self.got:.0f} items, too {'few' if self.got < self.expected else 'many'}"
        if self.kind != MismatchKind.VALUES:
            return f"`{self.path}`: {self.detail}"   # type, keys, shape, dtype, device: no values
        if self.got is None or self.expected is None:
            return f"`{self.path}`: the value is wrong"
        how = relation(self.got, self.expected)
        if self.total > 1:
            where = f" at {self.location}" if self.location else ""
            return (f"`{self.path}`: {self.mismatched} of {self.total} {self.noun} differ; the greatest difference "
                    f"is{where}: your value {how}")
        return f"`{self.path}`: your value {how}"


_FACTORS = (2.0, 3.0, 4.0, 5.0, 10.0, 100.0, 1000.0)


def _factor_text(factor: float) -> str:
    return f"{factor:g}"


def relation(got: float, expected: float) -> str:
    """How ``got`` is off from ``expected``, in words that do not give ``expected`` away."""
    if not math.isfinite(expected):
        return f"is {_fmt(got)}, but this run should diverge (inf or nan)" if math.isfinite(got) else \
            f"is {_fmt(got)}, which is not the expected kind of divergence"
    if not math.isfinite(got):
        return f"is {_fmt(got)} where a finite value is expected"
    if expected == 0.0:
        return "is too large" if got > 0 else "is too small"
    ratio = got / expected
    if ratio < 0:
        return "has the wrong sign" + (" (its size is about right)" if abs(abs(ratio) - 1) < 0.05 else "")
    if ratio == 0:
        return "is 0, but the expected value is not"
    direction = "too large" if ratio > 1 else "too small"
    for factor in _FACTORS:
        if abs(max(ratio, 1 / ratio) / factor - 1) < 0.03:
            return f"is {direction} by a factor of about {_factor_text(factor)}"
    off = abs(ratio - 1)
    if off < 0.01:
        return f"is slightly {direction} (by less than 1%)"
    if off < 0.1:
        return f"is {direction} by 1–10%"
    if off < 0.5:
        return f"is {direction} by 10–50%"
    return f"is much {direction} (by more than 50%)" if ratio > 1 else f"is much {direction} (less than half)"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.8g}"
    return str(value)


def _describe_type(value) -> str:
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a NumPy {type(value).__name__}"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


_TYPE_HINTS = {
    ("float", "tensor"): " (use `.item()` to turn a one-element tensor into a Python float)",
    ("tensor", "ndarray"): " (use `torch.from_numpy` or keep the computation in torch)",
}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _index_text(index: tuple) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _close_mask(actual: torch.Tensor, expected: torch.Tensor, tol: Tolerance, nonfinite_equivalent: bool):
    mask = torch.isclose(actual, expected, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    if nonfinite_equivalent:
        mask |= ~torch.isfinite(expected) & ~torch.isfinite(actual)
    return mask


def _compare_values(path, actual: torch.Tensor, expected: torch.Tensor, tol, nonfinite_equivalent, noun="elements"):
    """Element-wise closeness of two same-shape tensors (compared in float64 on the CPU)."""
    a = actual.detach().to("cpu", torch.float64) if actual.is_floating_point() or expected.is_floating_point() \
        else actual.detach().to("cpu")
    e = expected.detach().to("cpu", a.dtype)
    if not a.is_floating_point():
        mask = a == e
    else:
        mask = _close_mask(a, e, tol, nonfinite_equivalent)
    if bool(mask.all()):
        return None
    bad = ~mask
    total, count = mask.numel(), int(bad.sum())
    with torch.no_grad():
        difference = (a.to(torch.float64) - e.to(torch.float64)).abs()
        difference = torch.where(torch.isnan(difference), torch.full_like(difference, math.inf), difference)
        masked = torch.where(bad, difference, torch.full_like(difference, -1.0))
        flat = int(masked.reshape(-1).argmax())
    index = tuple(int(i) for i in np.unravel_index(flat, tuple(a.shape))) if a.dim() else ()
    got, want = a[index].item(), e[index].item()
    where = f" at {path}{_index_text(index)}" if index else ""
    allowed = ""
    if tol is not None and a.is_floating_point() and math.isfinite(got) and math.isfinite(want):
        allowed = f" (difference {abs(got - want):.2g}, allowed {tol.allows(got, want):.2g})"
    if total == 1:
        detail = f"got {_fmt(got)}, expected {_fmt(want)}{allowed}"
    else:
        detail = (f"{count} of {total} {noun} differ; the greatest difference is{where}: "
                  f"got {_fmt(got)}, expected {_fmt(want)}{allowed}")
    greatest = abs(got - want) if math.isfinite(got) and math.isfinite(want) else math.inf
    return Mismatch(path, MismatchKind.VALUES, detail, count, total, greatest, tol, got=float(got), expected=float(want),
                    location=where[4:], noun=noun)


def _tensor_structure(path, actual, expected: torch.Tensor) -> Mismatch | None:
    if not isinstance(actual, torch.Tensor):
        hint = _TYPE_HINTS.get(("tensor", "ndarray"), "") if isinstance(actual, np.ndarray) else ""
        return Mismatch(path, MismatchKind.TYPE, f"expected a tensor, got {_describe_type(actual)}{hint}")
    if actual.shape != expected.shape:
        return Mismatch(path, MismatchKind.SHAPE, f"expected shape {tuple(expected.shape)}, got {tuple(actual.shape)}")
    if actual.dtype != expected.dtype:
        return Mismatch(path, MismatchKind.DTYPE, f"expected dtype {expected.dtype}, got {actual.dtype}")
    if actual.device.type != expected.device.type:
        return Mismatch(path, MismatchKind.DEVICE, f"expected a tensor on {expected.device.type}, got one on "
                                        f"{actual.device.type} (create tensors on the inputs' device)")
    return None


def _compare_tensor(path, actual, expected: torch.Tensor, tol, nonfinite_equivalent):
    return _tensor_structure(path, actual, expected) or _compare_values(path, actual, expected, tol,
                                                                        nonfinite_equivalent)


def _float_structure(path, actual, scalars_as_float) -> Mismatch | None:
    if isinstance(actual, torch.Tensor) and scalars_as_float and actual.numel() == 1:
        return None
    if not _is_number(actual):
        hint = _TYPE_HINTS.get(("float", "tensor"), "") if isinstance(actual, torch.Tensor) else ""
        return Mismatch(path, MismatchKind.TYPE, f"expected a Python float, got {_describe_type(actual)}{hint}")
    return None


def _compare_float(path, actual, expected: float, tol, nonfinite_equivalent, scalars_as_float):
    mismatch = _float_structure(path, actual, scalars_as_float)
    if mismatch:
        return mismatch
    if isinstance(actual, torch.Tensor):
        actual = actual.item()
    try:
        float(actual)
    except OverflowError:
        return Mismatch(path, MismatchKind.VALUES, f"got an integer too large for a float, expected {_fmt(expected)}",
                        got=math.inf, expected=float(expected))
    return _compare_values(path, torch.tensor(float(actual), dtype=torch.float64),
                           torch.tensor(expected, dtype=torch.float64), tol, nonfinite_equivalent)


def _all_floats(values) -> bool:
    return all(isinstance(v, float) for v in values)


def compare(actual, expected, tolerance: Tolerance, *, path: str = "result", labels=None,
            sequences_interchangeable: bool = True, scalars_as_float: bool = False,
            nonfinite_equivalent: bool = False) -> Mismatch | None:
    """First difference between ``actual`` and ``expected`` (see the module docstring).

    ``labels`` names the elements of a top-level tuple (``("w", "b", "losses")``) so
    paths read ``losses[3]`` instead of ``result[2][3]``. The structure of the whole
    result (types, lengths, keys, shapes, dtypes, devices) is compared before any value:
    a training loop one epoch short is "``losses``: expected 50 items, got 49", not a
    wrong ``w``.
    """
    options = dict(sequences_interchangeable=sequences_interchangeable, scalars_as_float=scalars_as_float,
                   nonfinite_equivalent=nonfinite_equivalent)
    return (_compare(actual, expected, tolerance, path, labels, False, options)
            or _compare(actual, expected, tolerance, path, labels, True, options))


def _compare(actual, expected, tolerance: Tolerance, path: str, labels, values: bool, options: dict) -> Mismatch | None:
    """``compare``'s walk; with ``values`` False it checks the structure only."""
    nonfinite_equivalent = options["nonfinite_equivalent"]
    if isinstance(actual, Unsupported):
        return Mismatch(path, MismatchKind.TYPE, f"returned {_describe_type(actual)}, which cannot be graded "
                                      "(return tensors, Python numbers, lists, tuples or dicts)")
    if isinstance(expected, torch.Tensor):
        if not values:
            return _tensor_structure(path, actual, expected)
        return _compare_tensor(path, actual, expected, tolerance, nonfinite_equivalent)
    if isinstance(expected, bool) or expected is None:
        if not values or actual is expected or (isinstance(actual, bool) and actual == expected):
            return None
        return Mismatch(path, MismatchKind.VALUES, f"got {_fmt(actual)}, expected {_fmt(expected)}")
    if isinstance(expected, int):
        if not values or _is_number(actual) and actual == expected:
            return None
        number = float(actual) if _is_number(actual) and abs(actual) < 1e308 else None
        return Mismatch(path, MismatchKind.VALUES, f"got {_fmt(actual)}, expected {expected}", got=number,
                        expected=float(expected))
    if isinstance(expected, float):
        if not values:
            return _float_structure(path, actual, options["scalars_as_float"])
        return _compare_float(path, actual, expected, tolerance, nonfinite_equivalent, options["scalars_as_float"])
    if isinstance(expected, (list, tuple)):
        kinds = (list, tuple) if options["sequences_interchangeable"] else (type(expected),)
        if not isinstance(actual, kinds):
            return Mismatch(path, MismatchKind.TYPE, f"expected a {type(expected).__name__} of {len(expected)} items, "
                                          f"got {_describe_type(actual)}")
        if len(actual) != len(expected):
            return Mismatch(path, MismatchKind.LENGTH, f"expected {len(expected)} items, got {len(actual)}",
                            got=float(len(actual)), expected=float(len(expected)))
        if labels is not None and len(labels) != len(expected):
            raise ValueError(f"{len(labels)} labels for a reference value of {len(expected)} items")
        names = list(labels) if labels is not None else [f"{path}[{i}]" for i in range(len(expected))]
        if values and expected and _all_floats(expected) and all(_is_number(v) and abs(v) < 1e308 for v in actual) \
                and labels is None:
            return _compare_values(path, torch.tensor([float(v) for v in actual], dtype=torch.float64),
                                   torch.tensor(expected, dtype=torch.float64), tolerance, nonfinite_equivalent,
                                   noun="entries")
        for name, a, e in zip(names, actual, expected):
            mismatch = _compare(a, e, tolerance, name, None, values, options)
            if mismatch:
                return mismatch
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return Mismatch(path, MismatchKind.TYPE, f"expected a dict, got {_describe_type(actual)}")
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing keys " + ", ".join(repr(k) for k in missing))
            if extra:
                parts.append("unexpected keys " + ", ".join(repr(k) for k in extra[:5]))
            return Mismatch(path, MismatchKind.KEYS, "; ".join(parts))
        for key, e in expected.items():
            mismatch = _compare(actual[key], e, tolerance, f"{path}[{key!r}]", None, values, options)
            if mismatch:
                return mismatch
        return None
    raise TypeError(f"cannot compare against a reference value of type {type(expected).__name__}")
