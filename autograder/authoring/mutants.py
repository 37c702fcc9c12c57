"""Mutants of one graded function: small, plausible mistakes in the instructor's solution.

``audit`` grades each mutant as a student submission; a mutant that keeps full points
shows a mistake the checks cannot see. The source mutated is the function's solution
cell as a student would type it, so every mutant is a complete, valid submission: the
function's lines are replaced by the mutated function (``ast.unparse``: comments in
the function are lost, the rest of the cell is kept as it is).

Why not mutmut or cosmic-ray: both mutate Python files on disk and decide "killed" by
the exit status of a test command run once per mutant (mutmut 3 copies the project to
``mutants/`` and switches mutants through a trampoline in every function; cosmic-ray
keeps a session database and runs a command per mutant). Our unit is a notebook cell
graded by points, in a sandbox, by a warm worker pool that grades a whole batch; a
command per mutant would start Python, torch and the sandbox each time and say only
pass/fail, not which check took which points. Their operators are also generic (swap
operators and numbers); the mistakes students make here are about training loops and
autograd (a mean for a sum, gradients not cleared, an update outside ``no_grad``, a
value from before the last update), which take a few lines each with ``ast``. Some of
them keep every value and break only the gradient (``GRADIENT_OPERATORS``: a ``.detach()``, a
statement under ``torch.no_grad()``, a NumPy or ``.item()`` round trip, a kink's side moved):
only a check of gradients kills those.

Only what a student types is mutated: the signature (with its defaults) and the docstring
come with the release. Each mutant has a stable id ``<function>:<operator>:<sha1 of the mutated function, 8
hex>`` (it changes only when the solution or the mutation does) and a one-line
description with the line number in the cell. Mutants whose source equals the
original's are skipped, and equal sources are kept once.
"""

from __future__ import annotations

import ast
import copy
import difflib
import hashlib
from dataclasses import dataclass
from typing import Callable

from ..errors import AutograderError

# When two operators give the same source, the mutant keeps the first one's name: specific before generic.
OPERATORS = ("range_bound", "kink", "comparison", "sign", "reduction", "index", "element", "before_update", "grad_clear",
             "no_grad", "clone_detach", "append", "drop", "constant", "detach", "graph_off", "round_trip")
# Operators whose mutants keep every value and break only the gradient (``gradients``).
GRADIENT_OPERATORS = ("kink", "detach", "graph_off", "round_trip")
BEFORE_PREFIX = "_before_"


class MutationError(AutograderError, ValueError):
    """The cell does not hold the function (or is not valid Python)."""


@dataclass(frozen=True)
class Mutant:
    id: str
    function: str
    operator: str
    line: int              # in the cell
    description: str       # one line, starts with "line N:"
    original: str          # the function, unparsed
    mutated: str           # the mutated function, unparsed
    cell: str              # the whole cell with the mutated function

    def diff(self) -> str:
        """The changed lines of the function (unified diff without headers)."""
        lines = difflib.unified_diff(self.original.splitlines(), self.mutated.splitlines(), lineterm="", n=0)
        return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


@dataclass(frozen=True)
class _Edit:
    operator: str
    line: int
    description: str
    apply: Callable[[ast.FunctionDef], None]     # changes a copy of the function in place


def _short(node_or_text, limit: int = 60) -> str:
    text = node_or_text if isinstance(node_or_text, str) else ast.unparse(node_or_text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _parents(tree: ast.AST) -> dict[ast.AST, tuple[ast.AST, str, int | None]]:
    found = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for index, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        found[child] = (parent, field, index)
            elif isinstance(value, ast.AST):
                found[value] = (parent, field, None)
    return found


def _put(tree: ast.AST, node: ast.AST, new) -> None:
    """Put ``new`` (a node, or a list of statements, maybe empty) where ``node`` is."""
    parent, field, index = _parents(tree)[node]
    if index is None:
        setattr(parent, field, new)
        return
    items = getattr(parent, field)
    items[index:index + 1] = new if isinstance(new, list) else [new]
    if not items and field in ("body", "orelse", "finalbody"):
        items.append(ast.Pass())


def _replacing(position: int, make: Callable[[ast.AST], object]):
    """Apply ``make`` to the node at ``position`` (in ``ast.walk`` order) of the copy."""
    def apply(func: ast.FunctionDef) -> None:
        node = list(ast.walk(func))[position]
        _put(func, node, make(node))
    return apply


def _edit(operator: str, node: ast.AST, position: int, make, what: str | None = None) -> _Edit:
    after = make(copy.deepcopy(node))
    if what is None:
        shown = "; ".join(_short(s) for s in after) if isinstance(after, list) else _short(after)
        what = f"`{_short(node)}` → `{shown}`" if shown else f"removed `{_short(node)}`"
    return _Edit(operator, node.lineno, f"line {node.lineno}: {what}", _replacing(position, make))


def _plus(node: ast.expr, amount: int) -> ast.expr:
    return ast.BinOp(node, ast.Add() if amount > 0 else ast.Sub(), ast.Constant(abs(amount)))


def _with_arg(index: int, change):
    def make(call: ast.Call) -> ast.Call:
        call.args[index] = change(call.args[index])
        return call
    return make


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _is_negative_number(node: ast.AST) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _is_number(node.operand)


def _number(node: ast.AST):
    return -node.operand.value if isinstance(node, ast.UnaryOp) else node.value


def _is_minus_one(node: ast.AST) -> bool:
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
            and node.operand.value == 1)


def _method(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names


def _call_statement(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Expr) and _method(node.value, *names)


_COMPARISON_FLIPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                     ast.NotEq: ast.Eq}
_REDUCTION_SWAPS = {"mean": "sum", "sum": "mean"}


def _expression_edits(node: ast.AST, position: int, parent: ast.AST | None) -> list[_Edit]:
    edits = []
    if _is_number(node) and _is_negative_number(parent):
        return edits      # ``-1`` is mutated as one number
    add = lambda operator, make, what=None: edits.append(_edit(operator, node, position, make, what))  # noqa: E731
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
            and 1 <= len(node.args) <= 3 and not node.keywords:
        stop = 0 if len(node.args) == 1 else 1
        for amount in (-1, 1):
            add("range_bound", _with_arg(stop, lambda arg, amount=amount: _plus(arg, amount)))
            if len(node.args) > 1:
                add("range_bound", _with_arg(0, lambda arg, amount=amount: _plus(arg, amount)))
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            if type(op) in _COMPARISON_FLIPS:
                def flip(n, index=index):
                    n.ops[index] = _COMPARISON_FLIPS[type(n.ops[index])]()
                    return n
                add("comparison", flip)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Sub):
            add("sign", lambda n: ast.BinOp(n.left, ast.Add(), n.right))
        if isinstance(node.op, (ast.Mult, ast.Add)):
            add("drop", lambda n: n.left)
            add("drop", lambda n: n.right)
        if isinstance(node.op, (ast.Sub, ast.Div)):
            add("drop", lambda n: n.left)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and not _is_number(node.operand):
        add("sign", lambda n: n.operand)
    if _is_number(node) or _is_negative_number(node):
        for amount in (-1, 1):
            add("constant", lambda n, amount=amount: ast.Constant(_number(n) + amount))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _REDUCTION_SWAPS:
        def swap(n):
            n.func.attr = _REDUCTION_SWAPS[n.func.attr]
            return n
        add("reduction", swap)
    if isinstance(node, ast.Call):
        for index, keyword in enumerate(node.keywords):
            if keyword.arg == "reduction" and isinstance(keyword.value, ast.Constant) \
                    and keyword.value.value in _REDUCTION_SWAPS:
                def swap_keyword(n, index=index):
                    n.keywords[index].value = ast.Constant(_REDUCTION_SWAPS[n.keywords[index].value.value])
                    return n
                add("reduction", swap_keyword)
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant) and node.slice.value == 0:
            add("index", lambda n: ast.Subscript(n.value, ast.UnaryOp(ast.USub(), ast.Constant(1)), n.ctx))
        if _is_minus_one(node.slice):
            add("index", lambda n: ast.Subscript(n.value, ast.Constant(0), n.ctx))
        if (_is_minus_one(node.slice) or isinstance(node.slice, ast.Constant) and node.slice.value == 0) \
                and isinstance(node.ctx, ast.Load):
            add("element", lambda n: ast.Call(ast.Name("max", ast.Load()), [n.value], []))
    if _method(node, "max") and not node.args and not node.keywords:
        for index in (0, -1):
            slot = ast.Constant(0) if index == 0 else ast.UnaryOp(ast.USub(), ast.Constant(1))
            add("element", lambda n, slot=slot: ast.Subscript(n.func.value, slot, ast.Load()))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("max", "min") \
            and len(node.args) == 2 and not node.keywords:
        add("element", lambda n: n.args[0])
        add("element", lambda n: n.args[1])
    if _method(node, "clone", "detach") and not node.args and not node.keywords:
        add("clone_detach", lambda n: n.func.value)
    return edits


def _negatable(value: ast.AST | None) -> bool:
    return value is not None and not isinstance(value, (ast.Tuple, ast.List, ast.Dict, ast.Set, ast.ListComp,
                                                        ast.DictComp, ast.Constant))


def _negated(field: str):
    def make(n):
        setattr(n, field, ast.UnaryOp(ast.USub(), getattr(n, field)))
        return n
    return make


def _moving(position: int, to_end: bool):
    def apply(func: ast.FunctionDef) -> None:
        node = list(ast.walk(func))[position]
        parent, field, index = _parents(func)[node]
        items = getattr(parent, field)
        items.pop(index)
        items.insert(len(items) if to_end else 0, node)
    return apply


def _statement_edits(node: ast.AST, position: int) -> list[_Edit]:
    edits = []
    add = lambda operator, make, what=None: edits.append(_edit(operator, node, position, make, what))  # noqa: E731
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub):
        add("sign", lambda n: ast.AugAssign(n.target, ast.Add(), n.value))
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return)) and _negatable(node.value):
        add("sign", _negated("value"))
    clears = (_call_statement(node, "zero_grad")
              or (_call_statement(node, "zero_") and isinstance(node.value.func.value, ast.Attribute)
                  and node.value.func.value.attr == "grad")
              or (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute)
                  and node.targets[0].attr == "grad" and isinstance(node.value, ast.Constant)
                  and node.value.value is None))
    if clears:
        add("grad_clear", lambda n: [])
    if isinstance(node, ast.With) and any(
            isinstance(item.context_expr, ast.Call) and getattr(item.context_expr.func, "attr",
                                                                getattr(item.context_expr.func, "id", None)) == "no_grad"
            for item in node.items):
        add("no_grad", lambda n: n.body, f"`{_short(node.items[0].context_expr)}` removed (its body kept)")
    if _call_statement(node, "append"):
        add("append", lambda n: [])
        for to_end in (False, True):
            where = "end" if to_end else "start"
            edits.append(_Edit("append", node.lineno, f"line {node.lineno}: `{_short(node)}` moved to the {where} "
                               "of its block", _moving(position, to_end)))
    return edits


def _assigned_names(loop: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(loop):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            names |= _bound_names(target)
    return names


def _bound_names(target: ast.AST) -> set[str]:
    """Names a target rebinds (``x``, ``a, b``), not those it only indexes (``d[k] = ...``)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_bound_names(t) for t in target.elts))
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return set()


def _snapshot(name: str) -> ast.expr:
    """``name``'s value now, also for a tensor that the loop then updates in place (``u -= ...``)."""
    return ast.parse(f"{name}.detach().clone() if hasattr({name}, 'detach') else {name}", mode="eval").body


def _before_update(loop_position: int, return_position: int, names: tuple[str, ...]):
    def apply(func: ast.FunctionDef) -> None:
        nodes = list(ast.walk(func))
        loop, returned = nodes[loop_position], nodes[return_position]
        for node in ast.walk(returned):
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load):
                node.id = BEFORE_PREFIX + node.id
        loop.body[0:0] = [ast.Assign([ast.Name(BEFORE_PREFIX + n, ast.Store())], _snapshot(n)) for n in names]
    return apply


def _before_update_edits(func: ast.FunctionDef, nodes: list[ast.AST]) -> list[_Edit]:
    edits = []
    for return_position, returned in enumerate(nodes):
        if not isinstance(returned, ast.Return) or returned.value is None:
            continue
        used = sorted({n.id for n in ast.walk(returned.value) if isinstance(n, ast.Name)})
        for loop_position, loop in enumerate(nodes):
            if not isinstance(loop, (ast.For, ast.While)) or loop.lineno > returned.lineno:
                continue
            updated = tuple(name for name in used if name in _assigned_names(loop))
            choices = [(name,) for name in updated] + ([updated] if len(updated) > 1 else [])
            for names in choices:
                what = (f"returns {', '.join(names)} as at the start of the last pass of the loop of line {loop.lineno}"
                        " (before its last update)")
                edits.append(_Edit("before_update", returned.lineno, f"line {returned.lineno}: {what}",
                                   _before_update(loop_position, return_position, names)))
    return edits


# -- mutants that keep the values and break the gradient -------------------------------------
# A value computed right whose graph is cut (`.detach()` on an operand, a statement under
# `torch.no_grad()`, a round trip through NumPy or `.item()`) or whose derivative at a kink moves
# (`abs` written as a `torch.where` that picks one side at 0). Only a check of gradients kills
# them, so they are made only in the tensor code of a differentiable function: one that returns a
# tensor expression of its parameters, or that runs autograd itself (a leaf that requires grad,
# `backward()`, `torch.autograd.grad`).

_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
_NOT_TENSOR_METHODS = {"item", "tolist", "numel", "dim", "size", "numpy", "stride", "nelement", "element_size",
                       "data_ptr", "is_contiguous", "backward", "zero_grad", "step", "append"}
_PLAIN_BUILTINS = {"float", "int", "bool", "len", "list", "tuple", "range", "str", "isinstance", "print", "zip",
                   "enumerate", "dict", "set", "sorted", "hasattr", "type", "round", "getattr"}
_FULL_REDUCTIONS = ("mean", "sum")
# Factories make tensors without a graph (unless asked for a leaf that requires grad).
_FACTORIES = {"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like", "rand", "randn",
              "randint", "rand_like", "randn_like", "randperm", "arange", "linspace", "eye", "tensor", "as_tensor"}
_NO_GRAD = ast.parse("torch.no_grad()", mode="eval").body


def _torch_function(call: ast.Call) -> bool:
    """``torch.f(...)`` or ``torch.nn.functional.f(...)`` (a function, not a class such as ``torch.optim.SGD``)."""
    path, func = [], call.func
    while isinstance(func, ast.Attribute):
        path.append(func.attr)
        func = func.value
    return (isinstance(func, ast.Name) and func.id in ("torch", "F") and bool(path) and path[0][:1].islower()
            and "optim" not in path)


def _creates_leaf(node: ast.AST) -> bool:
    """A leaf that requires grad is made here (``requires_grad_()``, ``requires_grad=True``): no_grad keeps it one."""
    return any(_method(n, "requires_grad_") or isinstance(n, ast.keyword) and n.arg == "requires_grad"
               and not (isinstance(n.value, ast.Constant) and not n.value.value) for n in ast.walk(node))


def _tensorish(node: ast.AST, names: set[str]) -> bool:
    """Whether ``node`` is a tensor that may carry a graph (``names``: the variables known to be such tensors)."""
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
        return _tensorish(node.left, names) or _tensorish(node.right, names)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _tensorish(node.operand, names)
    if isinstance(node, ast.Subscript):
        return _tensorish(node.value, names)
    if isinstance(node, ast.Attribute):
        return node.attr in ("grad", "T", "mT") and _tensorish(node.value, names)
    if not isinstance(node, ast.Call):
        return False
    if _method(node, "requires_grad_"):
        return True
    if _torch_function(node):
        arguments = [a for a in [*node.args, *(k.value for k in node.keywords)] if not isinstance(a, ast.Starred)]
        return _creates_leaf(node) or node.func.attr not in _FACTORIES and any(_tensorish(a, names) for a in arguments)
    if isinstance(node.func, ast.Attribute):
        return node.func.attr not in _NOT_TENSOR_METHODS and _tensorish(node.func.value, names)
    if isinstance(node.func, ast.Name) and node.func.id not in _PLAIN_BUILTINS:   # func(x), loss(...)
        return any(_tensorish(a, names) for a in node.args)
    return False


def _tensor_names(func: ast.FunctionDef, start: set[str]) -> set[str]:
    """The variables bound to graph-carrying tensors, from ``start`` on (assignments and loops over them)."""
    names = set(start)
    while True:
        before = len(names)
        for node in ast.walk(func):
            if isinstance(node, ast.Assign) and _tensorish(node.value, names):
                for target in node.targets:
                    names |= _bound_names(target)
            elif isinstance(node, (ast.For, ast.comprehension)):
                items = node.iter.elts if isinstance(node.iter, (ast.Tuple, ast.List)) else [node.iter]
                if any(_tensorish(item, names) for item in items):
                    names |= _bound_names(node.target)
        if len(names) == before:
            return names


def _tensor_parameters(func: ast.FunctionDef) -> set[str]:
    """Parameters without a plain default (``lr=0.1``, ``generator=None`` are no tensors)."""
    args = func.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults))
    return {arg.arg for arg, default in pairs if (default is None or not isinstance(default, (ast.Constant, ast.UnaryOp)))
            and arg.arg not in ("self", "cls", "ctx")}


def differentiable_tensors(func: ast.FunctionDef) -> set[str] | None:
    """The graph-carrying variables of a differentiable ``func``; ``None`` when it is not one."""
    returned = [n.value for n in ast.walk(func) if isinstance(n, ast.Return) and n.value is not None]
    with_parameters = _tensor_names(func, _tensor_parameters(func))
    if any(_tensorish(value, with_parameters) for value in returned):
        return with_parameters
    runs_autograd = any(_method(n, "backward", "requires_grad_") or _creates_leaf(n)
                        or isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "grad"
                        and isinstance(n.func.value, ast.Attribute) and n.func.value.attr == "autograd"
                        for n in ast.walk(func))
    return _tensor_names(func, set()) if runs_autograd else None


def _under_no_grad(node: ast.AST, parents) -> bool:
    while node in parents:
        node = parents[node][0]
        if isinstance(node, ast.With) and any(_is_no_grad(item.context_expr) for item in node.items):
            return True
    return False


def _is_no_grad(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Call) and getattr(expr.func, "attr", getattr(expr.func, "id", None)) == "no_grad"


def _detached(node: ast.expr) -> ast.expr:
    return ast.Call(ast.Attribute(node, "detach", ast.Load()), [], [])


def _through_numpy(node: ast.expr) -> ast.expr:
    return ast.parse(f"torch.from_numpy(({ast.unparse(node)}).detach().cpu().numpy()).to(({ast.unparse(node)}).device)",
                     mode="eval").body


def _through_item(node: ast.expr) -> ast.expr:
    text = f"({ast.unparse(node)})"
    return ast.parse(f"torch.tensor({text}.item(), dtype={text}.dtype, device={text}.device)", mode="eval").body


def _fully_reduced(node: ast.AST) -> bool:
    """A one-element result whatever the input's shape: ``t.mean()``, ``torch.sum(t)``."""
    return isinstance(node, ast.Call) and not node.keywords and (
        _method(node, *_FULL_REDUCTIONS) and not node.args
        or _torch_function(node) and node.func.attr in _FULL_REDUCTIONS and len(node.args) == 1)


def _abs_argument(node: ast.AST) -> ast.expr | None:
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    if _method(node, "abs") and not node.args:
        return node.func.value
    if len(node.args) == 1 and (isinstance(node.func, ast.Name) and node.func.id == "abs"
                                or _torch_function(node) and node.func.attr == "abs"):
        return node.args[0]
    return None


def _where_abs(strict: bool):
    def make(n: ast.Call) -> ast.expr:
        inner = ast.unparse(_abs_argument(n))
        return ast.parse(f"torch.where(({inner}) {'>' if strict else '>='} 0, {inner}, -({inner}))", mode="eval").body
    return make


def _gradient_scopes(func: ast.FunctionDef | ast.ClassDef) -> list[ast.FunctionDef]:
    """Where gradients flow through what the student types: the function, or a graded class's methods
    (none of a ``torch.autograd.Function``: its forward runs without a graph and its backward is not
    differentiated, so cutting a graph there changes nothing)."""
    if not isinstance(func, ast.ClassDef):
        return [func]
    if any((base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")) == "Function"
           for base in func.bases):
        return []
    return [m for m in func.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _gradient_edits(func: ast.FunctionDef | ast.ClassDef, nodes: list[ast.AST], given: set[int]) -> list[_Edit]:
    where = {id(node): position for position, node in enumerate(nodes)}
    edits = []
    for scope in _gradient_scopes(func):
        tensors = differentiable_tensors(scope)
        if tensors is not None:
            edits += _scope_gradient_edits(scope, tensors, where, given)
    return edits


def _scope_gradient_edits(scope: ast.FunctionDef, tensors: set[str], where: dict[int, int],
                          given: set[int]) -> list[_Edit]:
    parents = _parents(scope)
    edits = []
    for node in ast.walk(scope):
        position = where[id(node)]
        if id(node) in given or _under_no_grad(node, parents):
            continue
        add = lambda operator, make, what=None: edits.append(_edit(operator, node, position, make, what))  # noqa: E731
        if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
            for side in ("left", "right"):
                operand = getattr(node, side)
                if _tensorish(operand, tensors) and not _method(operand, "detach"):
                    add("detach", lambda n, side=side: setattr(n, side, _detached(getattr(n, side))) or n,
                        f"`.detach()` on the {side} operand `{_short(operand)}` of `{_short(node)}`")
        if isinstance(node, ast.expr) and _tensorish(node, tensors) and _abs_argument(node) is not None:
            add("kink", _where_abs(strict=True))
            add("kink", _where_abs(strict=False))
        if _method(node, "where") and _torch_function(node) and len(node.args) == 3 \
                and isinstance(node.args[0], ast.Compare) and len(node.args[0].ops) == 1 \
                and type(node.args[0].ops[0]) in (ast.Lt, ast.LtE, ast.Gt, ast.GtE):
            def at_the_kink(n):
                n.args[0].ops[0] = _COMPARISON_FLIPS[type(n.args[0].ops[0])]()
                return n
            add("kink", at_the_kink, f"`{_short(node)}` takes the other branch at the kink")
        value = getattr(node, "value", None)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return)) and value is not None \
                and _tensorish(value, tensors) and not _creates_leaf(value):
            add("graph_off", lambda n: ast.With([ast.withitem(copy.deepcopy(_NO_GRAD))], [n]),
                f"`{_short(node)}` under `torch.no_grad()`")
            if not isinstance(node, ast.AugAssign):
                add("round_trip", lambda n: setattr(n, "value", _through_numpy(n.value)) or n,
                    f"`{_short(value)}` through NumPy (`.detach().cpu().numpy()` and back)")
                if _fully_reduced(value):
                    add("round_trip", lambda n: setattr(n, "value", _through_item(n.value)) or n,
                        f"`{_short(value)}` through `.item()` and back")
    return edits


def _given_by_the_release(func: ast.FunctionDef | ast.ClassDef) -> set[int]:
    """Nodes of the signature (defaults, annotations), decorators and docstring: the release gives them, the
    student does not type them, so no mutant changes them. Of a graded class: its bases, decorators and
    docstring, and each method's own ``def`` with those of the method."""
    if isinstance(func, ast.ClassDef):
        roots = [*func.bases, *func.keywords, *func.decorator_list]
    else:
        roots = [func.args, *func.decorator_list] + ([func.returns] if func.returns else [])
    if func.body and isinstance(func.body[0], ast.Expr) and isinstance(func.body[0].value, ast.Constant) \
            and isinstance(func.body[0].value.value, str):
        roots.append(func.body[0])
    given = {id(node) for root in roots for node in ast.walk(root)}
    if isinstance(func, ast.ClassDef):
        for method in func.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                given |= {id(method)} | _given_by_the_release(method)
    return given


def _find(tree: ast.Module, function: str) -> ast.FunctionDef | ast.ClassDef:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == function:
            return node
    raise MutationError(f"the cell defines no function or class {function!r} at its top level")


def mutants(cell: str, function: str) -> list[Mutant]:
    """Every mutant of ``function`` in ``cell`` (see the module docstring), in source order per operator."""
    try:
        tree = ast.parse(cell)
    except SyntaxError as exc:
        raise MutationError(f"the cell of {function!r} is not valid Python: {exc}") from None
    func = _find(tree, function)
    original = ast.unparse(func)
    nodes = list(ast.walk(func))
    parents = _parents(func)
    given = _given_by_the_release(func)
    edits: list[_Edit] = []
    for position, node in enumerate(nodes):
        if id(node) in given:
            continue
        if isinstance(node, ast.stmt):
            edits += _statement_edits(node, position)
        elif isinstance(node, ast.expr):
            edits += _expression_edits(node, position, parents.get(node, (None,))[0])
    edits += _before_update_edits(func, nodes)
    edits += _gradient_edits(func, nodes, given)
    edits.sort(key=lambda e: (OPERATORS.index(e.operator), e.line))

    lines = cell.splitlines(keepends=True)
    first = min([func.lineno] + [d.lineno for d in func.decorator_list])
    head, tail = "".join(lines[:first - 1]), "".join(lines[func.end_lineno:])
    found: list[Mutant] = []
    seen = {original}
    for edit in edits:
        changed = copy.deepcopy(func)
        edit.apply(changed)
        ast.fix_missing_locations(changed)
        source = ast.unparse(changed)
        if source in seen:
            continue
        seen.add(source)
        try:
            compile(source, f"<{function} mutant>", "exec")
        except SyntaxError:
            continue
        digest = hashlib.sha1(source.encode()).hexdigest()[:8]
        found.append(Mutant(f"{function}:{edit.operator}:{digest}", function, edit.operator, edit.line,
                            edit.description, original, source, head + source + "\n" + tail))
    return found
