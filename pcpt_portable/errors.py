"""One base for every error the grader raises, and the record an error crosses processes as.

``AutograderError`` is the root of the errors of the engine (``autograder.errors`` names them),
of the sandbox worker and of the student package; only a check's own failure
(``autograder.expectations.GradingFailure``) stays apart, an ``AssertionError`` as pytest expects.
The command line prints an error's message on one line and exits with its ``exit_status``; an
error whose status is ``None`` is a bug or the engine's own control flow, and keeps its traceback.

An error that crosses processes (a pool worker, a Dask worker) travels as a record of plain data,
``record(exc)``: ``{"error": class name, "message": text, "fields": {name: value}}``, and
``from_record`` makes the same class again on the other side: never pickled, never recognised by
its wording. An exception that is no ``AutograderError`` (a bug over there) comes back as an
``InternalError`` that names its type and keeps its traceback's text.
"""

from __future__ import annotations

import traceback

_CLASSES: dict[str, type["AutograderError"]] = {}


class AutograderError(Exception):
    """Base of the grader's errors; the message says what went wrong and where."""

    exit_status: int | None = 2   # the command line's: 2 a request the user can fix, 1 grading cannot run
    fields: tuple[str, ...] = ()  # attributes a record carries besides the message (plain data)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        known = _CLASSES.get(cls.__name__)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise TypeError(f"two error classes named {cls.__name__} ({known.__module__}, {cls.__module__}): "
                            "a record names its class by name alone")
        _CLASSES[cls.__name__] = cls

    def __reduce__(self):   # pickled (by a library, e.g. a Dask task's failure) as its record, too
        return from_record, (record(self),)


_CLASSES[AutograderError.__name__] = AutograderError


class InternalError(AutograderError):
    """An exception that is no AutograderError, raised in another process: a bug there."""

    exit_status = None
    fields = ("type", "traceback")

    def __init__(self, message: str, type: str = "", traceback: str = ""):   # noqa: A002 - the record's names
        super().__init__(f"{type}: {message}" if type else message)
        self.type, self.traceback = type, traceback


def record(exc: BaseException) -> dict:
    """``exc`` as plain data (JSON-ready when its fields are) for another process."""
    if isinstance(exc, InternalError):
        message = str(exc.args[0]) if exc.args else ""
        return {"error": InternalError.__name__, "message": message.removeprefix(f"{exc.type}: "),
                "fields": {"type": exc.type, "traceback": exc.traceback}}
    if isinstance(exc, AutograderError) and _CLASSES.get(type(exc).__name__) is type(exc):
        return {"error": type(exc).__name__, "message": str(exc),
                "fields": {name: getattr(exc, name) for name in type(exc).fields}}
    text = "".join(traceback.format_exception(exc, limit=8))[-4000:]
    return {"error": InternalError.__name__, "message": str(exc), "fields": {"type": type(exc).__name__,
                                                                               "traceback": text}}


def from_record(data: dict) -> AutograderError:
    """The error ``record`` described, as its own class (an ``InternalError`` when the class is unknown here)."""
    name, message = str(data.get("error", "")), str(data.get("message", ""))
    fields = data.get("fields") or {}
    cls = _CLASSES.get(name)
    if cls is None:
        return InternalError(message, type=name or "an unknown error")
    if cls is InternalError:
        made = InternalError(message, type=str(fields.get("type", "")), traceback=str(fields.get("traceback", "")))
        if made.traceback:   # printed under this process's traceback
            made.add_note("raised in another process:\n" + made.traceback.rstrip())
        return made
    made = cls.__new__(cls, message)
    Exception.__init__(made, message)
    for field in cls.fields:
        setattr(made, field, fields.get(field))
    return made


def summary(exc: BaseException) -> str:
    """``Type: message``, how a log or a result names an error."""
    if isinstance(exc, InternalError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
