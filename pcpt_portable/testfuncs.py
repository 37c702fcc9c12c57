"""Named callables: the course's test functions, built on both sides of the sandbox.

A callable cannot cross the sandbox boundary, so a check sends its name and arguments
(``wire.NamedCallable``) and both the grader and the sandbox build it from the course's
test-function files (``assignments/testfuncs.py``, ``assignments/<a>/testfuncs.py``),
whose sources each side loads once (``load``). A public function of such a file is a
test function: ``build(name)`` returns it; ``build(name, args)`` calls it as a factory.
"""

from __future__ import annotations

import inspect
import weakref

from .errors import AutograderError

_FUNCTIONS: dict[str, object] = {}   # the course's test functions by name, filled by ``load``
_LOADED: set[str] = set()


class TestFunctionError(AutograderError, ValueError):
    """A test function the course registers, or a check names, cannot be used."""


def load(sources: dict[str, str]) -> None:
    """Register the public functions of each ``{file name: source}`` (each source once)."""
    for label, text in sources.items():
        if text in _LOADED:
            continue
        namespace = {"__name__": f"testfuncs[{label}]"}
        exec(compile(text, label, "exec"), namespace)  # noqa: S102 - the course's own file
        for name, value in namespace.items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != namespace["__name__"]:
                continue
            if name in _FUNCTIONS and _FUNCTIONS[name].__module__ != value.__module__:
                raise TestFunctionError(f"test function {name!r} is defined twice ({label} and "
                                        f"{_FUNCTIONS[name].__module__})")
            _FUNCTIONS[name] = value
        _LOADED.add(text)


def names() -> tuple[str, ...]:
    return tuple(_FUNCTIONS)


# What each callable built here was built from, so that a graded function's stand-in
# dependency (worker.dependencies) can send it back to the grader by name.
_BUILT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def build(name: str, args: tuple = ()):
    """The test function called ``name``; with ``args``, what the factory ``name`` builds from them."""
    if name not in _FUNCTIONS:
        raise LookupError(f"unknown test function {name!r}")
    function = _FUNCTIONS[name](*args) if args else _FUNCTIONS[name]
    from .wire import NamedCallable

    _BUILT[function] = NamedCallable(name, tuple(args))
    return function


def named(function):
    """The ``wire.NamedCallable`` ``function`` was built from, or None when it was not built here."""
    try:
        return _BUILT.get(function)
    except TypeError:  # not weak-referenceable (so not built here)
        return None


def materialise(value):
    """Replace the ``wire.NamedCallable`` placeholders inside ``value`` by the functions they name."""
    from .wire import NamedCallable

    if isinstance(value, NamedCallable):
        return build(value.name, tuple(materialise(a) for a in value.args))
    if isinstance(value, (list, tuple)):
        return type(value)(materialise(v) for v in value)
    if isinstance(value, dict):
        return {k: materialise(v) for k, v in value.items()}
    return value
