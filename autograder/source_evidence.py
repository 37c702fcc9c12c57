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

from pcpt_portable.diagnosis import bound_names as _bound_names
from pcpt_portable.diagnosis import parse_cell as _python
from pcpt_portable.diagnosis import top_level as _top_level

from .notebook import NotebookCell

# Builtins and names that reach code or namespaces dynamically: with them, a source
# no longer shows what it calls.
DYNAMIC_BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "globals",
                              "vars", "locals", "breakpoint", "open"})
# Modules that run code elsewhere (threads, processes, files) or reach the interpreter's internals.
ELSEWHERE_MODULES = frozenset({"sys", "os", "subprocess", "threading", "_thread", "multiprocessing", "concurrent",
                               "ctypes", "importlib", "builtins", "gc", "inspect", "signal", "asyncio", "pty",
                               "pathlib", "io", "socket", "tempfile", "shutil", "pickle", "marshal", "types"})
# PyTorch internals that run the autograd engine or silence grading's recorders.
TORCH_INTERNALS = frozenset({"_C", "_execution_engine", "run_backward", "_engine_run_backward", "_functorch",
                             "DisableTorchFunction", "DisableTorchFunctionSubclass", "profiler", "overrides"})
HARMLESS_DUNDERS = frozenset({"__init__", "__name__", "__main__", "__call__", "__len__", "__repr__", "__str__"})


@dataclass(frozen=True)
class SourceFacts:
    found: bool                   # a top-level ``def`` of the function exists in the cells
    called: frozenset = frozenset()    # the last name of everything called: "backward", "grad", "SGD", ...
    names: frozenset = frozenset()     # every name and attribute the code mentions
    modules: frozenset = frozenset()   # top-level packages of the imports it reaches ("torch", "math", ...)
    replaced: frozenset = frozenset()  # module attributes it uses that the notebook replaces ("math.floor")

    @property
    def escapes(self) -> list[str]:
        """Constructs in the function's code that hide from a reader what it calls, sorted."""
        found = (self.names & DYNAMIC_BUILTINS) | (self.names & TORCH_INTERNALS)
        found |= {name for name in self.names if name.startswith("__") and name.endswith("__")
                  and name not in HARMLESS_DUNDERS}
        found |= {f"import {module}" for module in self.modules & ELSEWHERE_MODULES}
        return sorted(found)


NOT_FOUND = SourceFacts(found=False)


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


@functools.lru_cache(maxsize=32)
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


def function_facts(cells, function: str) -> SourceFacts:
    """Facts about ``function``'s last top-level definition and the code it reaches."""
    bindings, replaced = _parsed(tuple(cells))
    target = bindings.get(function)
    if not isinstance(target, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return NOT_FOUND
    called, names, modules = set(), set(), set()
    todo, seen = [target], {id(target)}
    while todo:
        for node in ast.walk(todo.pop()):
            modules |= _modules(node)
            if isinstance(node, ast.Call) and _call_name(node):
                called.add(_call_name(node))
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
                binding = bindings.get(node.id)
                if binding is not None and id(binding) not in seen:
                    seen.add(id(binding))
                    todo.append(binding)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name)
    # A replaced attribute matters where this code uses it: ``builtins.abs`` through a bare ``abs``.
    uses = {f"{module}.{attribute}" for module, attribute in replaced
            if attribute in names and (module in names or module == "builtins")}
    return SourceFacts(True, frozenset(called), frozenset(names), frozenset(modules), frozenset(uses))
