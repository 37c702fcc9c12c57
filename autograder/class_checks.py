"""What checks of graded classes assert: objects built on both sides and compared as data.

A check builds the student's object in the student's process and the reference's in the
grader (``construct``), makes them alike where it needs to (``load_state_dict`` of the
reference's state), then compares what their methods return (``expect_method_match``),
their ``state_dict`` keys (``expect_state_dict_keys``) and their state after a graded
function changed them in place (``expect_state_match``, with ``objects.pair`` for the
argument). Each raises ``GradingFailure`` with the student's message, like
``expectations``; the tolerance policy is the one of every other check.
"""

from __future__ import annotations

import torch

from pcpt_portable import gradients, messages
from pcpt_portable.compare import compare
from pcpt_portable.tolerances import tolerance_for
from pcpt_portable.wire import NamedCallable

from .expectations import (GradingFailure, _first_float_dtype, _hidden_wording, _record, call, explain_error,
                           expect_gradient_match, mismatch_message)
from .objects import LocalObject, Methods, StudentObject, parameter_names
from .reference_runner import ReferenceFailure, ReferenceRunner
from .sandbox import StudentError


def construct(side, owner, *, args=(), kwargs=None) -> Methods:
    """An instance of the graded class ``owner`` (a name, or a ``NamedCallable`` course test function
    that builds one) on ``side``: the ``student`` fixture (built in the student's process) or the
    ``reference`` fixture (built here, its random initial values from seed 0). A student's class
    that cannot be built fails the check with a message naming ``owner``."""
    made = side.construct(owner, tuple(args), dict(kwargs or {}))
    if isinstance(made, StudentError):
        raise explain_error(getattr(owner, "name", str(owner)), made, side)
    factory = isinstance(owner, NamedCallable)
    made.recipe = {"owner": owner.name if factory else str(owner), "factory": factory, "state": None, "training": None,
                   "args": (tuple(owner.args) if factory else ()) + tuple(args), "kwargs": dict(kwargs or {})}
    return made


def _recorded(kind: str, obj: Methods, **fields) -> None:
    """Record a class expectation for the student package, with how to rebuild the object."""
    if obj.recipe is None:
        _record(kind="unreplayable", function=obj.owner)
    else:
        _record(kind=kind, function=obj.owner, object=obj.recipe, **fields)


def _tolerance(reference: ReferenceRunner | None, values, dtype, loop_steps: int, tolerance_scale: float):
    device = reference.device if reference is not None else torch.device("cpu")
    return tolerance_for(dtype or _first_float_dtype(values), device, loop_steps).scaled(tolerance_scale)


def expect_method_match(student_object: Methods, reference_object: LocalObject, method: str, *, args=(),
                        kwargs=None, labels=None, dtype=None, loop_steps: int = 1, tolerance_scale: float = 1.0,
                        reference: ReferenceRunner | None = None, **options) -> tuple[object, object]:
    """Call ``method`` on both objects with the same arguments and compare the values (``options``
    go to ``compare``). Returns the student's value and the reference's."""
    args, kwargs = tuple(args), dict(kwargs or {})
    name = f"{student_object.owner}.{method}"
    recipe = student_object.recipe   # as it was before the call
    got = student_object.value_of(method, args, kwargs)
    expected = reference_object.value_of(method, args, kwargs)
    tolerance = _tolerance(reference, [args, kwargs, expected], dtype, loop_steps, tolerance_scale)
    student_object.recipe = recipe
    _recorded("method", student_object, method=method, args=args, kwargs=kwargs, expected=expected,
              rtol=tolerance.rtol, atol=tolerance.atol, labels=labels, options=options)
    mismatch = compare(got, expected, tolerance, labels=labels, **options)
    if mismatch is not None:
        raise GradingFailure(mismatch_message(name, mismatch, None))
    return got, expected


def expect_state_dict_keys(student_object: Methods, expected_keys) -> dict:
    """The object's ``state_dict`` has exactly ``expected_keys`` (its parameters and buffers, named as
    the contract names them), each a tensor. Returns the state."""
    _recorded("state_keys", student_object, keys=sorted(expected_keys))
    state = student_object.state_dict()
    got, expected = sorted(state), sorted(expected_keys)
    if got != expected:
        raise GradingFailure(messages.state_keys(student_object.owner, got, expected))
    return state


def expect_state_match(student_object: Methods, reference_object: LocalObject, *, function: str,
                       dtype=None, loop_steps: int = 1, tolerance_scale: float = 1.0, check_mode: bool = True,
                       reference: ReferenceRunner | None = None) -> None:
    """After ``function`` changed both objects in place (a model trained), their states agree: the
    same keys, each tensor within tolerance, and (``check_mode``) the same ``training`` flag.
    The student's state is the one its call of ``function`` sent back with the value."""
    _record(kind="unreplayable", function=student_object.owner)
    state = student_object.last_state if isinstance(student_object, (StudentObject, LocalObject)) else None
    if state is None or state.state is None and state.problem is None:
        mine = student_object.state_dict()
        training = student_object.training
    elif state.problem is not None:
        raise GradingFailure(f"after `{function}`: {state.problem}")
    else:
        mine, training = state.state, state.training
    try:
        theirs = reference_object.state_dict()
        their_training = reference_object.training
    except (ReferenceFailure, GradingFailure) as exc:
        raise ReferenceFailure(f"the reference's {reference_object.owner} state cannot be read: {exc}") from exc
    owner = student_object.owner
    if sorted(mine) != sorted(theirs):
        raise GradingFailure(messages.state_keys(owner, sorted(mine), sorted(theirs), f" after `{function}`"))
    tolerance = _tolerance(reference, [theirs], dtype, loop_steps, tolerance_scale)
    mismatch = compare(mine, theirs, tolerance, path=f"{owner}.state_dict()")
    if mismatch is not None:
        raise GradingFailure(mismatch_message(function, mismatch, None, f" (the state of the `{owner}` it changed)"))
    if check_mode and training != their_training:
        raise GradingFailure(messages.TRAINING_CHANGED.format(
            function=function, got="training" if training else "evaluation",
            expected="training" if their_training else "evaluation"))


FINITE_DIFFERENCE_STEPS = {torch.float64: 1e-6, torch.float32: 1e-2}   # central-difference steps per dtype
FINITE_DIFFERENCE_RTOL = {torch.float64: 1e-5, torch.float32: 2e-2}    # what their error allows for


def expect_function_match(submission, reference, owner: str, *, args=(), kwargs=None, wrt=(0,), grad_outputs=None,
                          finite_differences: bool = True, directions: int = 3, **options):
    """A custom ``torch.autograd.Function`` ``owner``: the values of ``owner.apply(*args, **kwargs)`` and the
    vector-Jacobian product its own ``backward`` gives match the reference's (``expect_gradient_match``, whose
    ``options`` apply), and (``finite_differences``) that product agrees with central differences of the
    student's own forward values, which the grader asks for along ``directions`` seeded random directions
    and computes itself: nothing the student's code reports about its gradient is trusted. Use
    ``finite_differences=False`` where the function has a kink near the inputs. Returns the student's call."""
    function = f"{owner}.apply"
    args, kwargs = tuple(args), dict(kwargs or {})
    paths = [gradients.normalise_path(path) for path in (wrt if isinstance(wrt, (list, tuple)) else [wrt])]
    if grad_outputs is None:   # fixed here, so that the differences below use the very same ones
        grad_outputs = gradients.seeded_grad_outputs(reference.call(function, args, kwargs))
    got = expect_gradient_match(submission, reference, function, args=args, kwargs=kwargs, wrt=paths,
                                grad_outputs=grad_outputs, **options)
    if finite_differences and got.gradients is not None:
        names = parameter_names(reference.target(function))
        for path, gradient in zip(paths, got.gradients):
            _expect_slope(submission, owner, function, args, kwargs, path, gradient, grad_outputs, directions,
                          gradients.path_text(path, names))
    return got


def _expect_slope(submission, owner, function, args, kwargs, path, gradient, grad_outputs, directions, name):
    """``<gradient, v>`` equals ``<grad_outputs, (f(x + h v) - f(x - h v)) / 2h>`` for seeded directions ``v``."""
    point = gradients.at_path(args, kwargs, path)
    if gradient is None or point.dtype not in FINITE_DIFFERENCE_STEPS:
        return
    step, rtol = FINITE_DIFFERENCE_STEPS[point.dtype], FINITE_DIFFERENCE_RTOL[point.dtype]
    generator = torch.Generator().manual_seed(1)
    for number in range(directions):
        direction = torch.randn(point.shape, generator=generator, dtype=torch.float64)
        shifted = []
        for sign in (1, -1):
            moved = (point.detach().double() + sign * step * direction).to(point.dtype).to(point.device)
            call_args, call_kwargs = gradients.with_value(args, kwargs, path, moved)
            outputs = gradients.floating_outputs(call(submission, function, args=call_args, kwargs=call_kwargs).value)
            shifted.append([t.detach().double().cpu() for _, t in outputs])
        if len(shifted[0]) != len(grad_outputs):
            return   # the values check already said the result has another form
        slope = sum(float((g.double().cpu() * (plus - minus)).sum()) / (2 * step)
                    for g, plus, minus in zip(grad_outputs, *shifted))
        claimed = float((gradient.double().cpu() * direction).sum())
        scale = float(gradient.double().abs().cpu().mul(direction.abs()).sum()) + abs(slope)
        if abs(claimed - slope) > rtol * max(scale, 1.0):
            where = f" with respect to `{name}`"
            description = ("along a random direction the slope of the values is "
                           f"{slope:.6g} but the gradient gives {claimed:.6g}") if not _hidden_wording.get() else \
                "along a random direction the slope of the values and the gradient differ"
            raise GradingFailure(messages.BACKWARD_NOT_FINITE_DIFFERENCES.format(owner=owner, where=where,
                                                                                 description=description))
