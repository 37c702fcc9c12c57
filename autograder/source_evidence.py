"""What a graded function's own source says about how it computes: a witness outside the sandbox.

The grading process reads the notebook's cells (never runs them) and finds the function's
last top-level ``def``, then everything it reaches through global names: helper
functions, classes, constants and the imports they come from, and any module attribute
it uses that some cell replaces. Facts from that code
(names it calls, modules it reaches, dynamic escapes that hide what is called) are
compared with the exercise's demands in ``computed_how``. Student code cannot change
this witness, since it never runs here; it can only be written so that the source
shows what the exercise asks for, which the behavioural evidence then has to confirm.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from pcpt_portable.diagnosis import MAX_CELL_CHARS
from pcpt_portable.diagnosis import bound_names as _bound_names
from pcpt_portable.diagnosis import parse_cell as _python
from pcpt_portable.diagnosis import top_level as _top_level
from pcpt_portable.diagnosis import transform_cell as _transformed

from .notebook import NotebookCell
from .worker.codeprint import compile_cell, fingerprint

# Builtins and names that reach code or namespaces dynamically: with them, a source
# no longer shows what it calls.
DYNAMIC_BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "globals",
                              "vars", "locals", "breakpoint", "open"})
# Modules that run code elsewhere (threads, processes, files) or reach the interpreter's internals.
ELSEWHERE_MODULES = frozenset({"sys", "os", "subprocess", "threading", "_thread", "multiprocessing", "concurrent",
                               "ctypes", "importlib", "builtins", "gc", "inspect", "signal", "asyncio", "pty",
                               "pathlib", "io", "socket", "tempfile", "shutil", "pickle", "marshal", "types"})
# PyTorch internals that run the autograd engine, or silence or reach grading's recorders.
TORCH_INTERNALS = frozenset({"_C", "_execution_engine", "run_backward", "_engine_run_backward", "_functorch",
                             "DisableTorchFunction", "DisableTorchFunctionSubclass", "profiler", "overrides",
                             "_disable_profiler", "_enable_profiler", "_prepare_profiler", "_autograd",
                             "_toggle_collection_dynamic", "_profiler", "_kineto_step",
                             "_global_optimizer_pre_hooks", "_global_optimizer_post_hooks", "_global_forward_hooks",
                             "_global_forward_hooks_always_called", "_global_forward_hooks_with_kwargs"})
HARMLESS_DUNDERS = frozenset({"__init__", "__name__", "__main__", "__call__", "__len__", "__repr__", "__str__"})


@dataclass(frozen=True)
class SourceFacts:
    found: bool                   # a top-level ``def`` of the function exists in the cells
    called: frozenset = frozenset()    # the last name of everything called: "backward", "grad", "SGD", ...
    names: frozenset = frozenset()     # every name and attribute the code mentions
    modules: frozenset = frozenset()   # top-level packages of the imports it reaches ("torch", "math", ...)
    replaced: frozenset = frozenset()  # module attributes it uses that the notebook replaces ("math.floor")
    unreadable: str = ""               # why the code the call ran has no cell grading can read, or ""

    @property
    def escapes(self) -> list[str]:
        """Constructs in the function's code that hide from a reader what it calls, sorted."""
        found = (self.names & DYNAMIC_BUILTINS) | (self.names & TORCH_INTERNALS)
        found |= {name for name in self.names if name.startswith("__") and name.endswith("__")
                  and name not in HARMLESS_DUNDERS}
        found |= {f"import {module}" for module in self.modules & ELSEWHERE_MODULES}
        return sorted(found)


NOT_FOUND = SourceFacts(found=False)


def _codes(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from _codes(const)


def _def_in_cell(cells, name: str, where) -> ast.AST | str:
    """The ``def`` the student process says ``name`` ran (cell, first line, fingerprint of its
    code), found by compiling that cell here; or why there is none with that code."""
    unreadable = (f"`{name}` is not the code of any `def` in the notebook's cells (it was made or changed "
                  f"while the notebook ran)")
    try:
        index, line, code_name, digest = int(where["cell"]), int(where["line"]), str(where["name"]), str(where["print"])
    except (KeyError, TypeError, ValueError):
        return "the student process did not say which code ran"
    cell = next((cell for cell in cells if cell.index == index), None)  # the index the student process ran it as
    if cell is None or len(cell.source) > MAX_CELL_CHARS:
        return unreadable
    python = _transformed(cell.source)
    try:
        module_code, module = compile_cell(python, index), ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return unreadable
    if not any(code.co_name == code_name and code.co_firstlineno == line and fingerprint(code) == digest
               for code in _codes(module_code)):
        return unreadable
    lambdas = []
    for node in ast.walk(module):
        if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == code_name
                and min([node.lineno] + [d.lineno for d in node.decorator_list]) == line):
            return node
        if isinstance(node, ast.Lambda) and code_name == "<lambda>" and node.lineno == line:
            lambdas.append(ast.Expr(node))
    return ast.Module(body=lambdas, type_ignores=[]) if lambdas else unreadable  # every lambda on that line


def _modules(node) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return {node.module.split(".")[0]}
    return set()


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


@functools.lru_cache(maxsize=1)   # the submission being graded: its checks ask one after another
def _parsed(cells: tuple[NotebookCell, ...]) -> tuple[dict, frozenset]:
    """Each top-level name's last binding statement, and the module attributes the notebook
    replaces anywhere (``math.floor = ...``: code that calls it then runs something else)."""
    bindings: dict[str, ast.AST] = {}
    replaced: set[tuple[str, str]] = set()
    parsed = [module for module in map(_python, (cell.source for cell in cells)) if module is not None]
    for module in parsed:
        for statement in _top_level(module.body):
            for name in _bound_names(statement):
                bindings[name] = statement
    imported = {name for name, statement in bindings.items() if isinstance(statement, (ast.Import, ast.ImportFrom))}
    for module in parsed:
        for node in ast.walk(module):
            for target in getattr(node, "targets", None) or [getattr(node, "target", None)]:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id in imported):
                    replaced.add((target.value.id, target.attr))
    return bindings, frozenset(replaced)


def _resolver(cells, bindings: dict, identity: dict | None):
    """``resolve(name)``: the statement grading reads for a global name, as ``(node, why)``.

    Without ``identity`` (no student process to ask) it is the name's last binding in the text;
    with it, a name the text binds to a ``def`` but that ran other code is unreadable, and a
    name bound to a function from a cell reads that function's ``def``."""
    functions = identity.get("functions") if isinstance(identity, dict) else None
    functions = functions if isinstance(functions, dict) else {}

    @functools.lru_cache(maxsize=None)  # one node per name: the reader's ``seen`` goes by identity
    def resolve(name: str):
        binding, where = bindings.get(name), functions.get(name)
        if identity is None or where is None:
            return binding, ""
        if isinstance(where, dict) and "why" not in where:
            found = _def_in_cell(cells, name, where)
            return (None, found) if isinstance(found, str) else (found, "")
        if isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef)):
            why = where.get("why") if isinstance(where, dict) else None
            return None, str(why)[:300] if why else "the student process did not say which code ran"
        return binding, ""

    return resolve


def function_facts(cells, function: str, identity: dict | None = None) -> SourceFacts:
    """Facts about the code ``function`` runs and the code it reaches: with ``identity`` (from
    the student process, ``worker.codeprint.identify``) the ``def`` each name was bound to when
    the call ran, without it each name's last top-level definition in the text."""
    bindings, replaced = _parsed(tuple(cells))
    resolve = _resolver(cells, bindings, identity)
    target, why = resolve(function)
    functions = identity.get("functions") if isinstance(identity, dict) else None
    if identity is not None and not (isinstance(functions, dict) and isinstance(functions.get(function), dict)):
        why = "the student process did not say which code ran"
    if why:
        return SourceFacts(found=False, unreadable=why)
    if not isinstance(target, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):  # Module: lambdas
        return NOT_FOUND
    bound_modules = identity.get("modules") if isinstance(identity, dict) else None
    bound_modules = bound_modules if isinstance(bound_modules, dict) else {}
    called, names, modules = set(), set(), set()
    todo, seen, unreadable = [target], {id(target)}, ""
    while todo:
        for node in ast.walk(todo.pop()):
            modules |= _modules(node)
            if isinstance(node, ast.Call) and _call_name(node):
                called.add(_call_name(node))
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
                if isinstance(bound_modules.get(node.id), str):  # the module the name held as the call ran
                    module = bound_modules[node.id]
                    modules.add(module.split(".")[0])
                    names.add(module.split(".")[-1])
                binding, why = resolve(node.id)
                unreadable = unreadable or why
                if binding is not None and id(binding) not in seen:
                    seen.add(id(binding))
                    todo.append(binding)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name)
                names.update(node.name.split("."))
    # A replaced attribute matters where this code uses it: ``builtins.abs`` through a bare ``abs``.
    uses = {f"{module}.{attribute}" for module, attribute in replaced
            if attribute in names and (module in names or module == "builtins")}
    return SourceFacts(True, frozenset(called), frozenset(names), frozenset(modules), frozenset(uses),
                       unreadable=unreadable)
