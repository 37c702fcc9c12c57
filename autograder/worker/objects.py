"""The student process's live objects: instances of graded classes that the grader holds handles to.

The grader never receives an object, only its id (``wire.ObjectRef``); the object stays in
this table, in the process that made it, for the process's lifetime (it is never dropped
while the grader may still name it, so a ``__del__`` of the student's runs only where the
student's own code drops an object, inside a timed request). What crosses back is data: a
``state_dict`` whose values are tensors, and the ``training`` flag.

Every look-up here goes through the object's type (``type(x)``), never ``x.__class__`` or
``isinstance``, which a student's class can make lie.
"""

from __future__ import annotations

import torch

from pcpt_portable import wire
from pcpt_portable.names import look_up  # noqa: F401 - the one name look-up, used through this module

MAX_OBJECTS = 1024   # live objects one process may hold (a check builds a handful)


class ObjectTable:
    def __init__(self):
        self.objects: dict[int, object] = {}
        self.by_identity: dict[int, int] = {}   # id(object) -> its handle (objects are kept alive here)

    def add(self, value) -> int:
        known = self.refer(value)
        if known is not None:
            return known
        if len(self.objects) >= MAX_OBJECTS:
            raise RuntimeError(f"more than {MAX_OBJECTS} objects were built in one process")
        handle = len(self.objects) + 1
        self.objects[handle] = value
        self.by_identity[id(value)] = handle
        return handle

    def refer(self, value) -> int | None:
        """The handle of ``value`` when it is one of the table's objects (``wire.encode``'s ``refer``)."""
        handle = self.by_identity.get(id(value))
        return handle if handle is not None and self.objects[handle] is value else None

    def get(self, handle: int):
        """The object ``handle`` names; an unknown handle is a malformed request."""
        if handle not in self.objects:
            raise wire.WireError(f"no object {handle} in this process")
        return self.objects[handle]


def method_of(value, name: str):
    """``value``'s method ``name`` (the student's ``__getattr__`` may run), or a ``(type, message)`` pair."""
    if not name.isidentifier():
        raise wire.WireError(f"bad method name {name[:60]!r}")
    found = getattr(value, name, None)
    if found is None or not callable(found):
        return ("AttributeError", f"{type(value).__qualname__} has no method {name}")
    return found


def state_of(value) -> dict:
    """``{"state": {key: tensor or wire.Unsupported} or None, "training": bool or None}`` of ``value``.

    The ``state_dict()`` call is the student's code and may raise; a value that is not a
    tensor goes back as ``Unsupported`` (its type's name) for the grader to report, never
    as the object. A class without ``state_dict`` has no state (None).
    """
    training = getattr(value, "training", None)
    training = training if type(training) is bool else None
    method = getattr(type(value), "state_dict", None)
    if method is None:
        return {"state": None, "training": training}
    raw = method(value)
    if not issubclass(type(raw), dict):   # OrderedDict is a dict; a Mapping look-alike is not trusted
        return {"state": _unsupported(raw), "training": training}
    state = {}
    for key, item in dict.items(raw):   # dict's own items(): a subclass's cannot lie
        key = key if type(key) is str else f"<{type(key).__qualname__} key>"
        state[key] = item if issubclass(type(item), torch.Tensor) else _unsupported(item)
    return {"state": state, "training": training}


def _unsupported(value) -> wire.Unsupported:
    return wire.Unsupported(f"{type(value).__module__}.{type(value).__qualname__}")
