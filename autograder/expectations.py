"""What checks assert, and the feedback a failing assertion gives.

A check calls the student's function through ``call``, compares with ``expect_equal``
or ``expect_reference_match`` and checks behaviour with ``expect_inputs_unchanged`` and
``expect_detached``; how a result was computed is checked by ``expect_reference_match``'s
``require_api`` (see ``computed_how``). Each raises ``GradingFailure`` carrying the
message the student reads, the test outcome, and the misconception it recognised.

Hidden checks word their messages so that they hand out no reusable answer
(``feedback_for``): where and how a value is off, never the expected value, and numbers
in the student's own exception messages are masked (they could print hidden inputs).
"""

from __future__ import annotations

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar

import torch

from pcpt_portable import gradients, messages

from . import misconceptions
from pcpt_portable import findings
from pcpt_portable.compare import Mismatch, compare
from pcpt_portable.diagnosis import defines

from .objects import parameter_names
from .computed_how import expect_behaviour_as_asked, expect_computed_as_asked
from .diagnosis import diagnose, gradient_variant_results, variant_results
from pcpt_portable.diagnosis import matching_variant
from pcpt_portable.messages import (FILES_MESSAGE, MASKED, MEMORY_MESSAGE, NETWORK_MESSAGE, NOT_IMPLEMENTED_MESSAGE,
                       SIGNAL_MESSAGE, explained)
from .misconceptions import catalogue as mc
from .results import Outcome
from .sandbox import CallResult, StudentError
from pcpt_portable.tolerances import Tolerance, gradient_tolerance, tolerance_for

_FORBIDDEN = (
    (re.compile(r"Network is unreachable|name resolution|Name or service not known|gaierror|"
                r"Connection refused|No route to host"), NETWORK_MESSAGE),
    (re.compile(r"Read-only file system|Permission denied: '/(?!tmp/s-)"), FILES_MESSAGE),
    (re.compile(r"^PermissionError: \[Errno 1\] Operation not permitted$"), SIGNAL_MESSAGE),
)


# What the check now running collects and how it words messages: set by the context
# managers below (the runner's per-check state), read by the expectations.
_details_sink: ContextVar[list | None] = ContextVar("details_sink", default=None)
_hidden_wording: ContextVar[bool] = ContextVar("hidden_wording", default=False)
_expectation_sink: ContextVar[list | None] = ContextVar("expectation_sink", default=None)
_course: ContextVar = ContextVar("course", default=None)   # whose misconceptions an error may reveal
# Numbers an exception message may carry from hidden inputs: decimals, exponents, long integers.
_HIDDEN_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+(?=[eE][-+]?\d))(?:[eE][-+]?\d+)?|\d{3,}")


@contextmanager
def feedback_for(visibility: str, course=None):
    """While a check of this visibility of ``course`` runs, messages use its wording (see the module
    docstring) and name the course's misconceptions (without one, the engine's alone)."""
    tokens = _hidden_wording.set(visibility != "public"), _course.set(course)
    try:
        yield
    finally:
        _hidden_wording.reset(tokens[0])
        _course.reset(tokens[1])


def mask_numbers(text: str) -> str:
    return _HIDDEN_NUMBER.sub(MASKED, text)


@contextmanager
def recording_expectations():
    """While checks run, each expectation they assert lands in the yielded list as plain data.

    The student package (``autograder.student_package``) is built from these records: the
    public checks' inputs, expected values, tolerances and behaviour requirements, so a
    student can run them without the reference.
    """
    sink: list = []
    token = _expectation_sink.set(sink)
    try:
        yield sink
    finally:
        _expectation_sink.reset(token)


def _record(**expectation) -> dict | None:
    sink = _expectation_sink.get()
    if sink is None:
        return None
    sink.append(expectation)
    return expectation


@contextmanager
def collecting_details():
    """While a check runs, pictures data it produces (``details=``) lands in the yielded list."""
    sink: list = []
    token = _details_sink.set(sink)
    try:
        yield sink
    finally:
        _details_sink.reset(token)


def _add_details(extra) -> None:
    sink = _details_sink.get()
    if extra and sink is not None:
        sink.append(extra)


class GradingFailure(AssertionError):
    def __init__(self, message: str, *, outcome: Outcome = Outcome.FAILED,
                 misconception: mc.Misconception | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.outcome = outcome
        self.misconception = misconception
        self.details = details


def _where(error: StudentError) -> str:
    return f" ({error.traceback[-1]})" if error.traceback else ""


def explain_error(function: str, error: StudentError, submission=None) -> GradingFailure:
    """Turn why a call produced no value into feedback."""
    if error.kind == "timeout":
        return GradingFailure(f"`{function}` {error.message}", outcome=Outcome.TIMEOUT)
    if error.kind == "memory" or error.type == "MemoryError" or "can't allocate memory" in error.message:
        return GradingFailure(f"`{function}`: {error.message or MEMORY_MESSAGE}", outcome=Outcome.ERROR)
    if error.kind in ("crashed", "protocol", "unencodable"):
        return GradingFailure(f"`{function}`: {error.summary()}", outcome=Outcome.ERROR)
    if error.kind == "missing":
        message = messages.missing(function)
        for cell, result in (submission.cell_errors() if submission is not None else []):
            if cell.grade_id == function or defines(cell.source, function):
                message = messages.missing(function, cell.label, result.error.summary(), _where(result.error))
                break
        return GradingFailure(message, outcome=Outcome.ERROR)
    if error.type == "NotImplementedError":
        return GradingFailure(NOT_IMPLEMENTED_MESSAGE.format(function=function), outcome=Outcome.ERROR)
    text = error.summary()
    shown = mask_numbers(text) if _hidden_wording.get() else text
    for pattern, message in _FORBIDDEN:
        if pattern.search(text):
            return GradingFailure(messages.forbidden(function, message, shown), outcome=Outcome.ERROR)
    found = misconceptions.from_error(text, _course.get())
    return GradingFailure(explained(messages.raised(function, shown, _where(error)), found), outcome=Outcome.ERROR,
                          misconception=found)


def call(submission, function: str, *, args=(), kwargs=None, trace: bool = False, vjp: dict | None = None) -> CallResult:
    """Call the student's ``function(*args, **kwargs)``; a call that produced no value fails the check.
    ``vjp`` asks for gradients too (``expect_gradient_match`` uses it)."""
    result = submission.call(function, tuple(args), dict(kwargs or {}), trace=trace, **({"vjp": vjp} if vjp else {}))
    if not result.ok:
        raise explain_error(function, result.error, submission)
    return result


def _first_float_dtype(values) -> torch.dtype:
    stack = list(values)
    while stack:
        value = stack.pop(0)
        if isinstance(value, torch.Tensor) and value.is_floating_point():
            return value.dtype
        if isinstance(value, (list, tuple)):
            stack[:0] = list(value)
        elif isinstance(value, dict):
            stack[:0] = list(value.values())
    return torch.float32


def mismatch_message(function: str, mismatch: Mismatch, found: mc.Misconception | None, what: str = "") -> str:
    return explained(messages.mismatch(function, mismatch.describe(hidden=_hidden_wording.get()), what), found)


def expect_equal(function: str, actual, expected, tolerance: Tolerance, *, labels=None, what: str = "",
                 details: dict | None = None, **options) -> None:
    """Fail unless ``actual`` matches a known-good ``expected`` value."""
    mismatch = compare(actual, expected, tolerance, labels=labels, **options)
    if mismatch is not None:
        raise GradingFailure(mismatch_message(function, mismatch, None, what), details=details)


# The generic misconceptions ``pcpt_portable.findings`` names, by key.
FINDING_MISCONCEPTIONS = {m.key: m for m in (mc.INPUTS_MODIFIED, mc.GRAD_LEFT_ON_INPUTS, mc.NOT_DETACHED,
                                             mc.SIGNED_ERROR, mc.DETACHED_RESULT, mc.WRONG_DTYPE_RESULT,
                                             mc.WRONG_DEVICE_RESULT)}
assert set(FINDING_MISCONCEPTIONS) == set(findings.KEYS), "pcpt_portable.findings names an unknown misconception"


def _fail_with(finding: findings.Finding | None) -> None:
    """Raise the failure a portable finding describes (with its misconception's explanation)."""
    if finding is not None:
        found = FINDING_MISCONCEPTIONS.get(finding.misconception) if finding.misconception else None
        raise GradingFailure(explained(finding.message, found), misconception=found)


def plain_number(value) -> float | str:
    """A JSON-safe number for details: non-finite values become "nan", "inf" or "-inf"."""
    number = float(value)
    return number if math.isfinite(number) else repr(number)


MAX_DETAIL_POINTS = 2_000   # points of one curve kept as plot data (a longer history is sampled evenly)


def sampled_numbers(values, limit: int = MAX_DETAIL_POINTS) -> tuple[list, int]:
    """At most ``limit`` evenly spaced entries of a sequence or 1-D tensor as plain numbers, and its length.

    Only the sampled entries are touched: a student's history of millions of entries costs
    the grader ``limit`` conversions, not one Python object per entry.
    """
    if isinstance(values, torch.Tensor):
        values = values.detach().reshape(-1)
    elif not isinstance(values, (list, tuple)):
        raise TypeError("not a sequence")
    length = len(values)
    if length <= limit:
        picked = values
    else:
        picked = [values[(i * (length - 1)) // (limit - 1)] for i in range(limit)]
    if isinstance(picked, torch.Tensor):
        picked = picked.to("cpu", torch.float64).tolist()
    return [plain_number(v) for v in picked], length


def curve_details(index: int):
    """``details=`` for results whose item ``index`` is a loss history: both curves, as plot data
    (``sampled_numbers``; ``student_length`` says how long the student's was when it was sampled)."""

    def details(actual, expected):
        try:
            student, length = sampled_numbers(actual[index])
            reference, _ = sampled_numbers(expected[index])
        except (TypeError, ValueError, IndexError, KeyError, RuntimeError):
            return None
        record = {"kind": "loss_curves", "student": student, "reference": reference}
        if length > len(student):
            record["student_length"] = length
        return record

    return details


def per_setting_details(kind: str):
    """``details=`` for ``{setting: final loss}`` results: the student's and the reference's, as plot data."""

    def details(actual, expected):
        try:
            return {"kind": kind, "student": [[key, plain_number(actual[key])] for key in expected],
                    "reference": [[key, plain_number(loss)] for key, loss in expected.items()]}
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    return details


def expect_reference_match(submission, reference, function: str, *, args=(), kwargs=None, labels=None,
                           loop_steps: int = 1, dtype=None, tolerance_scale: float = 1.0,
                           details=None, require_api=(), inputs=None, scalars_as_float: bool = False,
                           nonfinite_equivalent: bool = False,
                           sequences_interchangeable: bool = True) -> tuple[CallResult, object]:
    """Call the student's and the reference's ``function(*args, **kwargs)`` and compare.

    Every other keyword is an option of the check, never an argument of the function:
    ``scalars_as_float``, ``nonfinite_equivalent`` and ``sequences_interchangeable`` go
    to the comparison; ``loop_steps`` is the loop length the tolerance allows for;
    ``tolerance_scale`` widens it further for a documented reason. ``require_api`` lists
    ``expect_api`` requirements checked before the values (how a result was computed
    explains a wrong value better than the value does); likewise ``inputs`` names the
    positional arguments whose tensors must come back unchanged (a ``.grad`` left on
    the caller's tensor explains a missing gradient). Returns the student's call and
    the reference value.
    """
    return _reference_match(submission, reference, function, args=args, kwargs=kwargs, labels=labels,
                            loop_steps=loop_steps, dtype=dtype, tolerance_scale=tolerance_scale,
                            details=details, require_api=require_api, inputs=inputs,
                            scalars_as_float=scalars_as_float, nonfinite_equivalent=nonfinite_equivalent,
                            sequences_interchangeable=sequences_interchangeable)


def _values_tolerance(reference, args, kwargs, dtype, loop_steps: int, tolerance_scale: float) -> Tolerance:
    return tolerance_for(dtype or _first_float_dtype([args, kwargs]), reference.device,
                         loop_steps).scaled(tolerance_scale)


def _reference_match(submission, reference, function: str, *, args, kwargs, labels, loop_steps, dtype,
                     tolerance_scale, details, require_api, inputs, scalars_as_float, nonfinite_equivalent,
                     sequences_interchangeable, vjp: dict | None = None) -> tuple[CallResult, object]:
    """``expect_reference_match``; ``vjp`` makes the student's call a gradient call (``expect_gradient_match``)."""
    args, kwargs = tuple(args), dict(kwargs or {})
    # Only the options that differ from compare's defaults are recorded (and sent to the student package).
    options = {name: value for name, value, default in (("scalars_as_float", scalars_as_float, False),
                                                        ("nonfinite_equivalent", nonfinite_equivalent, False),
                                                        ("sequences_interchangeable", sequences_interchangeable, True))
               if value != default}
    # Traced only where the check asks how the result was computed: the tracer (profiler, recorders)
    # costs the call time, and no other check reads its record.
    got = call(submission, function, args=args, kwargs=kwargs, trace=bool(require_api), vjp=vjp)
    record = _record(kind="match", function=function, args=args, kwargs=kwargs, labels=labels, options=options,
                     require_api=bool(require_api))
    expect_computed_as_asked(submission, function, got, require_api, args, kwargs)
    if inputs:
        expect_inputs_unchanged(function, got, args, inputs)
    expected = reference.call(function, args, kwargs)
    tolerance = _values_tolerance(reference, args, kwargs, dtype, loop_steps, tolerance_scale)
    if record is not None:   # with what diagnosis compares a wrong answer, so the student check can too
        record.update(expected=expected, rtol=tolerance.rtol, atol=tolerance.atol,
                      variants=list(variant_results(reference, function, args, kwargs)))
    mismatch = compare(got.value, expected, tolerance, labels=labels, **options)
    extra = details(got.value, expected) if callable(details) else None
    _add_details(extra)
    if mismatch is not None:
        found = diagnose(reference, function, got.value, expected, args, kwargs, tolerance, submission=submission,
                         labels=labels, **options)
        attribute = findings.ATTRIBUTE_MISCONCEPTIONS.get(mismatch.kind)
        found = found or (FINDING_MISCONCEPTIONS[attribute] if attribute else None)
        raise GradingFailure(mismatch_message(function, mismatch, found), misconception=found)
    expect_behaviour_as_asked(function, got, require_api, args, kwargs)
    return got, expected


def expect_gradient_match(submission, reference, function: str, *, args=(), kwargs=None, wrt=(0,),
                          grad_outputs=None, labels=None, loop_steps: int = 1, dtype=None,
                          tolerance_scale: float = 1.0, require_api=(), scalars_as_float: bool = False,
                          nonfinite_equivalent: bool = False, sequences_interchangeable: bool = True) -> CallResult:
    """Values first, then gradients: the student's ``function(*args, **kwargs)`` matches the reference's
    (as ``expect_reference_match``, same options), every result tensor the reference's has attached to the
    graph is attached, and the vector-Jacobian product with respect to each argument path of ``wrt`` equals
    the reference's (``gradient_tolerance`` of the values' tolerance).

    A path is a positional index (``0``), a keyword name (``"x"``) or a tuple going inside an argument
    (``(1, 0)``: the first tensor of the second argument). The VJP is taken in the student's process on
    fresh leaves (the caller's tensors are not touched) with ``grad_outputs``: one tensor per floating
    tensor of the reference's result; by default seeded standard-normal ones (not ones, whose sum of the
    gradient's entries could hide a wrong one). Returns the student's call.
    """
    args, kwargs = tuple(args), dict(kwargs or {})
    parameters = parameter_names(reference.target(function))   # ``Class.apply`` names its forward's
    paths = [gradients.normalise_path(path) for path in (wrt if isinstance(wrt, (list, tuple)) else [wrt])]
    # A parameter's name stands for its position when the check passes it positionally.
    paths = [(parameters.index(p[0]), *p[1:]) if type(p[0]) is str and p[0] not in kwargs and p[0] in parameters
             and parameters.index(p[0]) < len(args) else p for p in paths]
    leaves = [gradients.at_path(args, kwargs, path) for path in paths]   # the check's own inputs: fail loudly
    value = reference.call(function, args, kwargs)
    grad_outputs = (list(grad_outputs) if grad_outputs is not None
                    else gradients.seeded_grad_outputs(value))
    got, _ = _reference_match(submission, reference, function, args=args, kwargs=kwargs, labels=labels,
                              loop_steps=loop_steps, dtype=dtype, tolerance_scale=tolerance_scale,
                              details=None, require_api=require_api, inputs=(), scalars_as_float=scalars_as_float,
                              nonfinite_equivalent=nonfinite_equivalent,
                              sequences_interchangeable=sequences_interchangeable,
                              vjp={"wrt": paths, "grad_outputs": grad_outputs})
    _, attached, expected = reference.vjp(function, args, kwargs, paths, grad_outputs)
    tolerance = gradient_tolerance(_values_tolerance(reference, args, kwargs, dtype, loop_steps, tolerance_scale))
    names = [gradients.path_text(path, parameters) for path in paths]
    outputs = [path for path, _ in gradients.floating_outputs(value)]
    options = dict(scalars_as_float=scalars_as_float, nonfinite_equivalent=nonfinite_equivalent,
                   sequences_interchangeable=sequences_interchangeable)

    def variants():   # value-equal misconception variants and their gradients (run only when needed)
        return list(gradient_variant_results(reference, function, args, kwargs, paths, grad_outputs, value,
                                             _values_tolerance(reference, args, kwargs, dtype, loop_steps,
                                                               tolerance_scale), leaves, **options))

    record = _record(kind="gradient", function=function, args=args, kwargs=kwargs, wrt=[list(p) for p in paths],
                     grad_outputs=grad_outputs, attached=attached, gradients=expected, names=names,
                     outputs=outputs, rtol=tolerance.rtol, atol=tolerance.atol)
    if record is not None:   # the student check diagnoses a wrong gradient with the same variants
        record["variants"] = variants()
    finding = findings.gradient_problem(function, got.attached, got.gradients, attached, expected, outputs, leaves,
                                        names, tolerance, hidden=_hidden_wording.get())
    if finding is not None and finding.misconception is None and got.gradients is not None:
        candidates = record["variants"] if record is not None else variants()
        by_key = {m.key: m for m, _ in candidates}
        key = matching_variant(gradients.filled(got.gradients, leaves), gradients.filled(expected, leaves), args,
                               kwargs, tolerance, [(m.key, g) for m, g in candidates])
        if key is not None:
            raise GradingFailure(explained(finding.message, by_key[key]), misconception=by_key[key])
    _fail_with(finding)
    return got


def expect_inputs_unchanged(function: str, got: CallResult, args, names) -> None:
    """The caller's tensors keep their values, ``requires_grad`` and (absent) ``.grad``."""
    _record(kind="inputs_unchanged", function=function, names=list(names))
    after_args = got.inputs_after[0] if got.inputs_after else []
    _fail_with(findings.inputs_changed(function, args, after_args, names))


def expect_detached(function: str, value, labels=None) -> None:
    """Returned tensors are detached from any graph."""
    _record(kind="detached", function=function, labels=list(labels) if labels else None)
    _fail_with(findings.attached(function, value, labels))


def expect_error_size(submission, function: str, *, args=(), kwargs=None, below: float, context: str) -> None:
    """``function(*args, **kwargs)`` returns a Python float in [0, below): an error size that should be tiny here."""
    args, kwargs = tuple(args), dict(kwargs or {})
    _record(kind="error_size", function=function, args=args, kwargs=kwargs, below=below, context=context)
    got = call(submission, function, args=args, kwargs=kwargs)
    _fail_with(findings.error_size_problem(function, got.value, below, context))
