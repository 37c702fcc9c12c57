"""Which catalogued misconception explains a wrong answer, named only when one alone does.

The matching itself is ``pcpt_portable.diagnosis`` (the student package runs it too, on
variant results stored at release); this module runs the variants and reads the source.

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

from pcpt_portable import compare as comparing
from pcpt_portable import diagnosis as portable
from pcpt_portable.diagnosis import informative, matching_variant
from pcpt_portable.gradients import filled as portable_filled
from pcpt_portable.tolerances import Tolerance

from . import misconceptions
from .misconceptions import Misconception

__all__ = ["calls_in_order", "diagnose", "gradient_variant_results", "informative", "variant_results"]


def calls_in_order(cells, function: str, order) -> bool:
    """Whether ``function``'s own code calls a name of each set of ``order``, in that order."""
    return portable.calls_in_order(None if cells is None else [cell.source for cell in cells], function, order)


def variant_results(reference, function: str, args, kwargs):
    """``(misconception, result)`` of each misconception variant of ``function``, run like the reference."""
    for number, (misconception, implementation) in enumerate(misconceptions.variants_for(reference.assignment, function)):
        yield misconception, reference.variant(f"{function}#{number}:{misconception.key}", implementation, args, kwargs)


def diagnose(reference, function: str, actual, expected, args, kwargs, tolerance: Tolerance, *,
             submission=None, **options) -> Misconception | None:
    """The one catalogued misconception that explains ``actual`` (see the module docstring), if any."""
    if not informative(actual, expected, tolerance):
        return None
    by_key: dict[str, Misconception] = {}

    def results():
        for misconception, result in variant_results(reference, function, args, kwargs):
            by_key.setdefault(misconception.key, misconception)
            yield misconception.key, result

    cells = getattr(submission, "cells", None)
    key = matching_variant(actual, expected, args, kwargs, tolerance, results(),
                           source_shows=lambda key: calls_in_order(cells, function, by_key[key].source_order),
                           **options)
    return by_key.get(key) if key else None


def gradient_variant_results(reference, function: str, args, kwargs, wrt, grad_outputs, value, tolerance: Tolerance,
                             leaves, **options):
    """``(misconception, gradients)`` of each variant of ``function`` whose values are the reference's ``value``
    (a gradient misconception: right values, another gradient), its gradients None-filled with zeros."""
    for number, (misconception, implementation) in enumerate(misconceptions.variants_for(reference.assignment, function)):
        taken = reference.vjp(function, args, kwargs, wrt, grad_outputs,
                              variant=(f"{function}#{number}:{misconception.key}", implementation))
        if taken is not None and taken[2] is not None and comparing.compare(taken[0], value, tolerance, **options) is None:
            yield misconception, portable_filled(taken[2], leaves)
