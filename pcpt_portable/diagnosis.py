"""Which misconception variant's result a wrong answer matches: the part of diagnosis that needs no reference.

``autograder.diagnosis`` runs the misconception variants of a graded function like the
reference and hands their results here; the student package stores those results for
each public check (computed when the course is released) and hands them here too. See
``autograder.diagnosis`` for the rules: a name is given only when the answer is wrong in
finite numbers, exactly one variant matches, and (where the answer gives back unchanged
inputs) the function's own code shows the misconception's calls.
"""

from __future__ import annotations

import ast
import re

import numpy as np
import torch

from .compare import compare
from .tolerances import Tolerance

MAX_CELL_CHARS = 200_000


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


def matching_variant(actual, expected, args, kwargs, tolerance: Tolerance, variant_results, *,
                     source_shows=lambda key: False, **options) -> str | None:
    """The key of the one variant whose result ``actual`` matches, if exactly one does and it is evidence.

    ``variant_results`` yields ``(key, result)`` (result None where the variant could not run);
    ``source_shows(key)`` says whether the function's own code makes that misconception's calls.
    """
    if not informative(actual, expected, tolerance):
        return None
    options = dict(options, nonfinite_equivalent=True)
    found: list[str] = []
    for key, result in variant_results:
        if result is not None and key not in found and compare(actual, result, tolerance, **options) is None:
            found.append(key)
            if len(found) > 1:
                return None
    if not found:
        return None
    if echoes_inputs(actual, expected, args, kwargs, tolerance) and not source_shows(found[0]):
        return None
    return found[0]


def matching_error(text: str, patterns) -> str | None:
    """The key of the first misconception whose exception patterns ``text`` shows (``Type: message``).

    ``patterns`` yields ``(key, regular expressions)`` in the course's order: grading's catalogue,
    or the table the student package stores.
    """
    return next((key for key, found in patterns if any(re.search(p, text) for p in found)), None)


def defines(source: str, name: str) -> bool:
    """Whether a cell's text has a top-level ``def name(`` or ``class name`` line (a graded item)."""
    return re.search(rf"^(?:def {re.escape(name)}\(|class {re.escape(name)}\b)", source, re.M) is not None


def transform_cell(source: str) -> str:
    """The cell as Python (IPython magics turned into calls), as the student process runs it;
    the raw text where IPython cannot transform it."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - fall back to the raw text
        return source


def parse_cell(source: str) -> ast.Module | None:
    """The cell as Python (IPython magics turned into calls), or None if it does not parse.

    Plain Python is parsed as it is; only a cell that is not (magics, ``!`` commands) goes
    through IPython's transformer first, which costs several times the parse.
    """
    if len(source) > MAX_CELL_CHARS:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    try:
        return ast.parse(transform_cell(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def top_level(body):
    """Statements at module level, including those inside top-level if/for/while/try/with blocks."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            yield from top_level(getattr(statement, field, []) or [])


def bound_names(statement) -> list[str]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name]
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in statement.names]
    targets = []
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    elif isinstance(statement, (ast.For, ast.AsyncFor)):
        targets = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in statement.items if item.optional_vars is not None]
    return [node.id for target in targets for node in ast.walk(target)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)]


def call_sequence(sources, function: str) -> tuple[str, ...]:
    """The last names of the calls in ``function``'s last top-level definition in ``sources``, in source order."""
    definition = None
    for module in filter(None, map(parse_cell, sources)):
        for statement in top_level(module.body):
            if function in bound_names(statement):
                definition = statement if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    if definition is None:
        return ()
    calls = []
    for node in ast.walk(definition):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name:
                calls.append((node.lineno, node.col_offset, name))
    return tuple(name for _, _, name in sorted(calls))


def calls_in_order(sources, function: str, order) -> bool:
    """Whether ``function``'s own code (in the cell ``sources``) calls a name of each set of ``order``, in order."""
    if sources is None or not order:
        return False
    remaining = list(order)
    for name in call_sequence(sources, function):
        if remaining and name in remaining[0]:
            remaining.pop(0)
    return not remaining
