"""The check author's API: everything a course's ``assignments/`` may import from the engine.

A course imports this module and nothing else of the engine
(``tests/autograder/test_check_api_surface.py`` enforces it), so the engine's internals can
move without breaking a course. docs/authoring.md explains each name with examples.

Marking checks
    ``graded(function, points, public=False)``: a pytest mark; the fixtures ``student``,
    ``reference``, ``device`` and ``inputs`` are described in docs/authoring.md.
Expectations (each raises ``GradingFailure`` with the student's message)
    ``expect_reference_match``, ``expect_gradient_match`` (values, then whether the result is
    attached to the graph and its vector-Jacobian product, taken in the student's process),
    ``expect_inputs_unchanged``, ``expect_detached``,
    ``expect_error_size``, ``call`` (a call without comparison), ``curve_details`` and
    ``per_setting_details`` (data for the feedback page's pictures; ``plain_number`` makes a
    number JSON-safe for them).
Graded classes (a solution cell's ``grade_id`` is the class name; ``class_checks``)
    ``construct(student_or_reference, "Class", args=…)`` builds an object on that side (the
    student's lives in the sandbox behind a handle with ``method``, ``state_dict``,
    ``load_state_dict``, ``train``, ``eval``, ``training``); ``pair(model, reference_model)``
    is an argument that is each side's own object; ``expect_method_match``,
    ``expect_state_dict_keys``, ``expect_state_match`` (a model a graded function changed in
    place) and ``expect_function_match`` (a ``torch.autograd.Function``: values, its own
    ``backward``'s vector-Jacobian product, and central differences of its values).
How a result was computed (``require_api=[how.…]``)
    ``how``: ``no_torch``, ``no_autograd``, ``no_optimizer``, ``uses_autograd``,
    ``uses_sgd``, ``uses_mse_loss``.
Comparing by hand
    ``compare``, ``tolerance_for`` (the one tolerance policy) and ``NamedCallable`` (a
    course test function passed to a graded function across the sandbox).
Misconceptions and inputs
    ``Misconception`` (a course's own entry), ``catalogue`` (the engine's generic ones),
    ``InputFactory`` (the base of a course's ``Inputs``).
Pictures (``plots.py``; loaded on first use, so checks never import matplotlib)
    ``plot_curves``, ``steps_of``, ``yours_over_expected``, ``YOURS``, ``EXPECTED``.
"""

from __future__ import annotations

from pcpt_portable.compare import compare
from pcpt_portable.tolerances import tolerance_for
from pcpt_portable.wire import NamedCallable

from . import computed_how as how
from .class_checks import (construct, expect_function_match, expect_method_match, expect_state_dict_keys,
                           expect_state_match)
from .expectations import (GradingFailure, call, curve_details, expect_detached, expect_error_size,
                           expect_gradient_match, expect_inputs_unchanged, expect_reference_match,
                           per_setting_details, plain_number)
from .inputs import InputFactory
from .misconceptions import catalogue
from .misconceptions.catalogue import Misconception
from .objects import pair
from .runner import graded

_PLOTS = frozenset({"plot_curves", "steps_of", "yours_over_expected", "YOURS", "EXPECTED"})

__all__ = ["EXPECTED", "GradingFailure", "InputFactory", "Misconception", "NamedCallable", "YOURS", "call",
           "catalogue", "compare", "construct", "curve_details", "expect_detached", "expect_error_size",
           "expect_function_match", "expect_gradient_match", "expect_inputs_unchanged", "expect_method_match",
           "expect_reference_match", "expect_state_dict_keys", "expect_state_match", "graded", "how", "pair",
           "per_setting_details", "plain_number", "plot_curves", "steps_of", "tolerance_for", "yours_over_expected"]


def __getattr__(name: str):
    if name in _PLOTS:
        from .sinks import plots
        return getattr(plots, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
