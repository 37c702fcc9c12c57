"""How a check names what it calls: a graded function ``f``, or ``Class.attribute`` of a graded
class (``Squash.apply``, a ``staticmethod`` or ``classmethod``). The student's process, the
grader's reference and the student check look names up the same way."""

from __future__ import annotations

from .wire import WireError


def split_name(name: str) -> tuple[str, str | None]:
    """``"Squash.apply"`` -> ("Squash", "apply"); ``"f"`` -> ("f", None); anything else is malformed."""
    parts = name.split(".")
    if len(parts) > 2 or not all(part.isidentifier() for part in parts):
        raise WireError(f"bad function name {name[:60]!r}")
    return parts[0], (parts[1] if len(parts) == 2 else None)


def look_up(namespace: dict, name: str):
    """What ``name`` names in ``namespace``: the callable, or a ``(type, message)`` pair saying why
    there is none. The attribute look-up runs the class's code (a metaclass may define it): the
    caller runs this where the student's errors are caught."""
    owner, attribute = split_name(name)
    found = namespace.get(owner)
    if found is None:
        return ("NameError", f"{owner} is not defined")
    if attribute is not None:
        if not isinstance(found, type):
            return ("TypeError", f"{owner} is not a class")
        found = getattr(found, attribute, None)
        if found is None:
            return ("AttributeError", f"{owner} has no attribute {attribute}")
    if not callable(found):
        return ("TypeError", f"{name} is not a function")
    return found
