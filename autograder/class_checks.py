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

from pcpt_portable import messages
from pcpt_portable.compare import compare
from pcpt_portable.tolerances import tolerance_for

from .expectations import GradingFailure, _first_float_dtype, explain_error, mismatch_message
from .objects import LocalObject, Methods, StudentObject
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
    return made


def _tolerance(reference: ReferenceRunner | None, values, dtype, loop_steps: int, tolerance_scale: float):
    import torch

    device = reference.device if reference is not None else torch.device("cpu")
    return tolerance_for(dtype or _first_float_dtype(values), device, loop_steps).scaled(tolerance_scale)


def expect_method_match(student_object: Methods, reference_object: LocalObject, method: str, *, args=(),
                        kwargs=None, labels=None, dtype=None, loop_steps: int = 1, tolerance_scale: float = 1.0,
                        reference: ReferenceRunner | None = None, **options) -> tuple[object, object]:
    """Call ``method`` on both objects with the same arguments and compare the values (``options``
    go to ``compare``). Returns the student's value and the reference's."""
    args, kwargs = tuple(args), dict(kwargs or {})
    name = f"{student_object.owner}.{method}"
    got = student_object.method(method, *args, **kwargs)
    expected = reference_object.method(method, *args, **kwargs)
    tolerance = _tolerance(reference, [args, kwargs, expected], dtype, loop_steps, tolerance_scale)
    mismatch = compare(got, expected, tolerance, labels=labels, **options)
    if mismatch is not None:
        raise GradingFailure(mismatch_message(name, mismatch, None))
    return got, expected


def expect_state_dict_keys(student_object: Methods, expected_keys) -> dict:
    """The object's ``state_dict`` has exactly ``expected_keys`` (its parameters and buffers, named as
    the contract names them), each a tensor. Returns the state."""
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
