"""The grader's handles on instances of graded classes (``nn.Module``, ``autograd.Function``, ...).

A check builds an object on one side and works with it through a handle:

- ``StudentObject``: an instance living in the student's sandboxed process (``worker.objects``);
  only its id (``wire.ObjectRef``) crosses. It belongs to the process that built it: once
  that process has stopped (a crash, a timeout), the handle is gone and says so.
- ``LocalObject``: a real instance in this process: the reference's (``ReferenceRunner``),
  or the student's when nbgrader runs the checks in-process (``InProcessSubmission``).

Both answer the same two questions: ``call(method, args, kwargs)`` and ``state()``. A
``Paired`` value (``pair(student_object, reference_object)``) stands in an argument list
given to both sides: each side passes its own object (``for_student``/``for_reference``).
"""

from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass

import torch

from pcpt_portable import wire
from pcpt_portable.messages import NO_STATE, OBJECT_LOST
from pcpt_portable.names import look_up  # noqa: F401 - the one name look-up, on every side

from .sandbox import ObjectState, StudentError
from .worker.objects import state_of


class Methods:
    """What a check does with an object, the same on either side. A handle provides ``owner``,
    ``call(method, args, kwargs)`` and ``state()``; a student's object that fails raises the
    check's ``GradingFailure`` (its message names ``Owner.method``), the reference's raises
    ``ReferenceFailure``."""

    owner: str
    # How the student check rebuilds this object (``class_checks``): what built it, the state loaded
    # into it and the mode set since; None once anything else may have changed it.
    recipe: dict | None = None

    def _student(self) -> bool:
        return getattr(self, "submission", None) is not None

    def _fail(self, what: str, error: StudentError | str):
        from .expectations import GradingFailure, explain_error
        from .reference_runner import ReferenceFailure

        if not self._student():
            raise ReferenceFailure(f"reference {what}: {error if isinstance(error, str) else error.summary()}")
        if isinstance(error, str):
            raise GradingFailure(error)
        raise explain_error(what, error, self.submission)

    def method(self, name: str, *args, **kwargs):
        """The value of ``name(*args, **kwargs)`` on the object (which it may change)."""
        self.recipe = None
        return self.value_of(name, args, kwargs)

    def value_of(self, name: str, args=(), kwargs=None):
        """``method``, for a method that leaves the object as it was (``forward``)."""
        result = self.call(name, tuple(args), dict(kwargs or {}))
        if not self._student():
            return result
        if not result.ok:
            self._fail(f"{self.owner}.{name}", result.error)
        return result.value

    def state_dict(self) -> dict:
        """The object's ``state_dict()`` now, as ``{name: tensor}`` (its values are copies)."""
        state = self.state()
        if isinstance(state, StudentError):
            if state.kind == "state":
                self._fail(f"{self.owner}.state_dict", state.message)
            self._fail(f"{self.owner}.state_dict", state)
        if state.problem is not None:
            self._fail(f"{self.owner}.state_dict", state.problem)
        if state.state is None:
            self._fail(f"{self.owner}.state_dict", NO_STATE.format(owner=self.owner))
        return state.state

    def load_state_dict(self, state: dict) -> None:
        self.value_of("load_state_dict", (dict(state),))
        if self.recipe is not None:
            self.recipe = dict(self.recipe, state=dict(state))

    def train(self, mode: bool = True):
        self.value_of("train", (bool(mode),))
        if self.recipe is not None:
            self.recipe = dict(self.recipe, training=bool(mode))
        return self

    def eval(self):
        return self.train(False)

    @property
    def training(self) -> bool | None:
        """The object's ``training`` flag now (None when it has none that is a bool)."""
        state = self.state()
        if isinstance(state, StudentError):
            self._fail(f"{self.owner}.training", state)
        return state.training


class StudentObject(Methods, wire.ObjectRef):
    """A handle on an object in a submission's student process (encoded as ``{"$object": id}``)."""

    def __init__(self, submission, handle: int, owner: str, process, type_name: str = ""):
        super().__init__(handle)
        self.submission = submission
        self.owner = owner             # the graded class (or test function) it was built from
        self.process = process         # the student process that holds it
        self.type_name = type_name
        self.last_state: ObjectState | None = None   # as the last call that took it left it

    def __repr__(self) -> str:
        return f"<student's {self.owner} object {self.id}>"

    def __deepcopy__(self, memo):
        return self   # a handle names one object; copying it must not make another

    def lost(self) -> StudentError | None:
        """Why the object is gone (its process stopped), or None while it lives."""
        process = self.process
        if process is self.submission.process and process.alive:
            return None
        why = process.death.summary() if process.death is not None else "it was ended"
        return StudentError("crashed", message=OBJECT_LOST.format(owner=self.owner, why=why))

    def call(self, method: str, args=(), kwargs=None):
        return self.submission.call(method, tuple(args), dict(kwargs or {}), target=self)

    def state(self) -> ObjectState | StudentError:
        return self.submission.object_state(self)


@dataclass(eq=False)
class LocalObject(Methods):
    """A real instance in this process (the reference's, or an in-process student's)."""

    instance: object
    owner: str
    submission: object = None   # the InProcessSubmission that calls its methods (None: the reference)
    last_state: ObjectState | None = None

    def __deepcopy__(self, memo):
        return self

    def call(self, method: str, args=(), kwargs=None):
        if self.submission is not None:
            return self.submission.call(method, tuple(args), dict(kwargs or {}), target=self)
        call_args, call_kwargs = unwrap(for_reference(copy.deepcopy((list(args), dict(kwargs or {})))))
        try:
            return getattr(self.instance, method)(*call_args, **call_kwargs)
        except Exception as exc:  # noqa: BLE001 - the reference's own failure: a bug in the grader
            self._fail(f"{self.owner}.{method}", f"{type(exc).__name__}: {exc}")

    def state(self) -> ObjectState:
        return read_state(self.instance, self.owner)


@dataclass(frozen=True)
class Paired:
    """The student's and the reference's object for one argument of a call made on both sides."""

    student: object
    reference: object


def pair(student_object, reference_object) -> Paired:
    """An argument that is ``student_object`` in the student's call and ``reference_object`` in the reference's."""
    return Paired(student_object, reference_object)


def _replace(value, pick):
    if isinstance(value, Paired):
        return pick(value)
    if type(value) in (list, tuple):
        return type(value)(_replace(v, pick) for v in value)
    if type(value) is dict:
        return {k: _replace(v, pick) for k, v in value.items()}
    return value


def for_student(value):
    """``value`` with each ``Paired`` replaced by its student object."""
    return _replace(value, lambda paired: paired.student)


def for_reference(value):
    """``value`` with each ``Paired`` replaced by its reference object."""
    return _replace(value, lambda paired: paired.reference)


def unwrap(value):
    """``value`` with each ``LocalObject`` replaced by its instance (what the function really gets)."""
    if isinstance(value, LocalObject):
        return value.instance
    if type(value) in (list, tuple):
        return type(value)(unwrap(v) for v in value)
    if type(value) is dict:
        return {k: unwrap(v) for k, v in value.items()}
    return value


def handles_in(value, kind=(StudentObject, LocalObject)) -> list:
    """The object handles inside ``value`` (lists, tuples and dict values), in order, once each."""
    found, stack = [], [value]
    while stack:
        item = stack.pop(0)
        if isinstance(item, kind):
            if not any(item is seen for seen in found):
                found.append(item)
        elif type(item) in (list, tuple):
            stack[:0] = list(item)
        elif type(item) is dict:
            stack[:0] = list(item.values())
    return found


def parameter_names(function) -> list[str]:
    """The parameter names of a graded callable, as messages name its arguments: for a
    ``torch.autograd.Function``'s ``apply``, those of its ``forward`` after ``ctx``."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, type) and issubclass(owner, torch.autograd.Function) and function.__name__ == "apply":
        return list(inspect.signature(owner.forward).parameters)[1:]
    return list(inspect.signature(function).parameters)


def read_state(instance, owner: str) -> ObjectState:
    """The state of a real instance, through the same data path as a student process's."""
    try:
        raw = state_of(instance)
    except Exception as exc:  # noqa: BLE001 - an in-process student's state_dict may raise
        raw = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    tree, blobs = wire.encode(raw)
    return ObjectState.from_data(wire.decode(tree, blobs), owner)

