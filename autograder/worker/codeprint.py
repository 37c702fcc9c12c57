"""Which code a call actually runs: the identity of a function, sent as data to the grader.

The grader's reader of a function's source (``autograder.source_evidence``) must read the
function the check calls, not the last ``def`` of that name in the notebook's text: a cell
can rebind the name (``globals()[name] = other``) after a decoy ``def``. So the student
process names the code each global name of the call is bound to at call time (the cell
and line its ``def`` starts at, and a fingerprint of its compiled code), and the grader
compiles that cell itself and reads the ``def`` there only if its code has the same
fingerprint. Code made elsewhere (``exec`` of a string, ``code.replace``, a function with
other globals or a closure) has no such cell to read, and says so.

Both sides compile cells with ``compile_cell`` (this module, so the same flags).
"""

from __future__ import annotations

import hashlib
import re
import types

CELL_FILENAME = re.compile(r"<cell (\d+)>\Z")
MAX_FUNCTIONS = 200  # functions named per call: a notebook's helpers, not a generated flood
PLAIN_DEFAULTS = (type(None), bool, int, float, complex, str, bytes)


def cell_filename(index: int) -> str:
    return f"<cell {index}>"


def compile_cell(python: str, index: int) -> types.CodeType:
    """How a cell's (transformed) Python is compiled, in the student process and by the grader."""
    return compile(python, cell_filename(index), "exec")


def _constant(value) -> bytes:
    if isinstance(value, frozenset):  # its iteration order depends on the process's hash seed
        return b"frozenset{" + b",".join(sorted(_constant(v) for v in value)) + b"}"
    if isinstance(value, tuple):
        return b"(" + b",".join(_constant(v) for v in value) + b")"
    return type(value).__name__.encode() + b":" + repr(value).encode()


def fingerprint(code: types.CodeType) -> str:
    """A digest of what ``code`` does: its bytecode, names and constants, nested code included."""
    digest = hashlib.sha256()

    def feed(code):
        for part in (code.co_name, code.co_firstlineno, code.co_argcount, code.co_posonlyargcount,
                     code.co_kwonlyargcount, code.co_flags, code.co_names, code.co_varnames,
                     code.co_freevars, code.co_cellvars):
            digest.update(repr(part).encode() + b"\0")
        digest.update(code.co_code + b"\0" + getattr(code, "co_exceptiontable", b"") + b"\0")
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                digest.update(b"code\0")
                feed(const)
            else:
                digest.update(_constant(const) + b"\0")

    feed(code)
    return digest.hexdigest()


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _plain(value) -> bool:
    if isinstance(value, tuple):
        return all(map(_plain, value))
    return type(value) in PLAIN_DEFAULTS


def _grad_modes() -> tuple:
    """torch's grad-mode decorators (``@torch.no_grad()``, ...): the code of the wrapper they
    make, and each mode's ``clone`` (taken now, before any student code runs)."""
    try:
        import torch

        modes = (torch.no_grad, torch.enable_grad, torch.inference_mode, torch.set_grad_enabled)
        return torch.no_grad()(lambda: None).__code__, {mode: mode.clone for mode in modes}
    except Exception:  # noqa: BLE001 - an older torch: such wrappers are then not read through
        return None, {}


GRAD_MODE_WRAPPER, GRAD_MODE_CLONES = _grad_modes()


def _unwrapped(value):
    """The student's function inside a torch grad-mode decorator, or ``value`` itself. Only the
    wrapper torch made is looked through (its code and its context factory are torch's own)."""
    if type(value) is not types.FunctionType or value.__code__ is not GRAD_MODE_WRAPPER or not value.__closure__:
        return value
    cells = dict(zip(value.__code__.co_freevars, value.__closure__))
    try:
        factory, inner = cells["ctx_factory"].cell_contents, cells["func"].cell_contents
    except (KeyError, ValueError):
        return value
    if type(factory) is not types.MethodType or GRAD_MODE_CLONES.get(type(factory.__self__)) is not factory.__func__:
        return value
    return inner


def _describe(name: str, value, namespace: dict) -> dict:
    """Where ``value`` (bound to ``name``) was defined, or why no cell holds its code."""
    value = _unwrapped(value)
    if type(value) is not types.FunctionType:
        return {"why": f"`{name}` is a {str(type(value).__name__)[:60]} object, not a function defined in a cell"}
    code = value.__code__
    match = CELL_FILENAME.match(code.co_filename)
    if match is None:
        return {"why": f"`{name}` runs code that was not defined in a cell"}
    if value.__globals__ is not namespace:
        return {"why": f"`{name}` runs with other globals than the notebook's"}
    if value.__closure__:
        return {"why": f"`{name}` is a closure, whose captured values grading cannot read"}
    defaults = (value.__defaults__ or ()) + tuple((value.__kwdefaults__ or {}).values())
    if not _plain(defaults):
        return {"why": f"`{name}` has default argument values that are not plain constants"}
    return {"cell": int(match.group(1)), "line": code.co_firstlineno, "name": code.co_name,
            "print": fingerprint(code)}


def identify(function_name: str, namespace: dict) -> dict | None:
    """The identity of the called function and of every function and module that global
    names in its code (and in theirs) are bound to now: ``{"functions": {name: where},
    "modules": {name: module name}}``; None if the namespace's objects would not say."""
    try:
        return _identify(function_name, namespace)
    except Exception:  # noqa: BLE001 - a hostile object (a ``__class__`` that raises): nothing to read
        return None


def _identify(function_name: str, namespace: dict) -> dict:
    functions, modules = {}, {}
    todo = [function_name]
    while todo and len(functions) < MAX_FUNCTIONS:
        name = todo.pop()
        if name in functions or name in modules or name not in namespace:
            continue
        value = namespace[name]
        if isinstance(value, types.ModuleType):
            try:
                modules[name] = str(value.__name__)[:200]
            except Exception:  # noqa: BLE001 - a module object of the student's own making
                modules[name] = "?"
            continue
        if name != function_name and not callable(value):
            continue
        where = functions[name] = _describe(name, value, namespace)
        if "print" in where:
            todo.extend(sorted(_names(_unwrapped(value).__code__)))
    return {"functions": functions, "modules": modules}
