"""Run an assignment's public checks against functions in a namespace and report.

Each public check is stored as data (``checks/<assignment>.json``): the calls it makes,
the expected value of each call (computed from the course's reference when the
assignment was released), the tolerance, and the behaviour it requires (inputs left
unchanged, results detached). A check stops at its first failed expectation, as in
grading. Your functions run here, in your own Python, so a function that calls another
graded function uses yours (in grading, the reference stands in for it).
"""

from __future__ import annotations

import copy
import json
import sys
import traceback
from dataclasses import dataclass, field
from importlib import resources

import torch

from .engine import testfuncs
from .engine.compare import compare
from .engine.tolerances import Tolerance
from .values import decode_value

SYMBOLS = {"passed": "✔ passed", "failed": "✘ failed", "error": "! error"}


class CheckError(Exception):
    """A problem with what was asked (unknown assignment or function), not with the student's code."""


def assignments() -> list[str]:
    folder = resources.files(__package__) / "checks"
    return sorted(entry.name[: -len(".json")] for entry in folder.iterdir() if entry.name.endswith(".json"))


def load_assignment(name: str) -> dict:
    if name not in assignments():
        raise CheckError(f"unknown assignment {name!r}; this package checks {', '.join(assignments())}")
    document = json.loads((resources.files(__package__) / "checks" / f"{name}.json").read_text())
    testfuncs.load(document.get("test_functions", {}))  # the course's callables the checks pass by name
    return document


def functions_of(name: str) -> list[str]:
    return list(dict.fromkeys(c["function"] for c in load_assignment(name)["checks"]))


def guess_assignment(namespace: dict, function: str | None = None) -> str:
    """The assignment whose graded functions the namespace defines (or which has ``function``)."""
    candidates = [a for a in assignments() if function is None or function in functions_of(a)]
    scored = sorted(((sum(f in namespace for f in functions_of(a)), a) for a in candidates), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        raise CheckError("cannot tell which assignment this is: run your solution cells first, or name it, "
                         "e.g. check(assignment=\"gradient_basics\")")
    return scored[0][1]


@dataclass
class Outcome:
    name: str
    function: str
    points: float
    max_points: float
    outcome: str          # "passed", "failed" or "error"
    message: str = ""


@dataclass
class Report:
    assignment: str
    outcomes: list[Outcome]
    total_points: float          # of the whole assignment, hidden checks included
    functions: list[str] | None = None
    cell_errors: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(o.points for o in self.outcomes)

    @property
    def max_score(self) -> float:
        return sum(o.max_points for o in self.outcomes)

    @property
    def passed(self) -> bool:
        return all(o.outcome == "passed" for o in self.outcomes)

    def score_line(self) -> str:
        what = f"public checks of {', '.join(self.functions)}" if self.functions else "public checks"
        return (f"{what}: {self.score:g} / {self.max_score:g} points; "
                f"the assignment is worth {self.total_points:g} with hidden checks")

    def text(self) -> str:
        lines = [f"{self.assignment}: public checks"]
        width = max((len(o.function) for o in self.outcomes), default=0)
        for o in self.outcomes:
            lines.append(f"  {SYMBOLS[o.outcome]}  {o.function:<{width}}  {o.points:g}/{o.max_points:g}  {o.name}")
            for line in o.message.splitlines():
                lines.append(f"      {line}")
        for error in self.cell_errors:
            lines.append(f"  {error}")
        lines.append(self.score_line())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<pcpt_check.Report {self.score_line()}>"


class _Failure(Exception):
    def __init__(self, message: str, outcome: str = "failed"):
        super().__init__(message)
        self.message, self.outcome = message, outcome


def _raised(function: str, exc: BaseException) -> _Failure:
    if isinstance(exc, NotImplementedError):
        return _Failure(f"`{function}` is not implemented yet (it raises NotImplementedError)", "error")
    frames = traceback.extract_tb(exc.__traceback__)[1:]   # drop this module's own frame
    where = f" (line {frames[-1].lineno}: {frames[-1].line})" if frames and frames[-1].line else ""
    return _Failure(f"`{function}` raised {type(exc).__name__}: {exc}{where}", "error")


def _tensors(value, path: str):
    if isinstance(value, torch.Tensor):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _tensors(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _tensors(item, f"{path}[{key!r}]")


@dataclass
class _Call:
    function: str
    args: tuple
    value: object


def _call(namespace: dict, function: str, expectation: dict) -> _Call:
    target = namespace.get(function)
    if not callable(target):
        raise _Failure(f"`{function}` is not defined: run the cell that defines it first", "error")
    args = tuple(decode_value(expectation["args"]))
    kwargs = decode_value(expectation["kwargs"])
    try:
        value = target(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001  (the student's code may raise anything)
        raise _raised(function, exc) from exc
    return _Call(function, args, value)


def _inputs_unchanged(call: _Call, stored_args: dict, names: list[str]) -> None:
    original_args = decode_value(stored_args)
    for name, before, after in zip(names, original_args, call.args):
        after_tensors = dict(_tensors(after, name))
        for path, original in _tensors(before, name):
            changed = after_tensors.get(path)
            if changed is None:
                continue
            if changed.shape != original.shape or not torch.equal(changed.detach().cpu(), original.detach().cpu()):
                raise _Failure(f"`{call.function}` changed its input `{path}` in place: work on a copy "
                               "(`x = x.clone()`) or build new tensors instead")
            if changed.requires_grad != original.requires_grad or (original.grad is None and changed.grad is not None):
                what = "left a `.grad` on" if changed.grad is not None else "changed `requires_grad` of"
                raise _Failure(f"`{call.function}` {what} the caller's tensor `{path}`: compute gradients on "
                               "your own copies (`x.detach().clone().requires_grad_()`)")


def _detached(call: _Call, labels) -> None:
    names = labels or ["result"]
    items = call.value if labels and isinstance(call.value, (list, tuple)) else [call.value]
    for name, item in zip(names, items):
        for path, tensor in _tensors(item, name):
            if tensor.requires_grad:
                raise _Failure(f"`{call.function}` returned `{path}` still attached to the graph "
                               "(requires_grad=True): return `.detach()`ed tensors")


def _run_check(namespace: dict, check: dict) -> None:
    last: dict[str, tuple[_Call, dict]] = {}
    for expectation in check["expectations"]:
        kind, function = expectation["kind"], expectation["function"]
        if kind == "match":
            call = _call(namespace, function, expectation)
            last[function] = (call, expectation)
            expected = decode_value(expectation["expected"])
            tolerance = Tolerance(expectation["rtol"], expectation["atol"])
            mismatch = compare(call.value, expected, tolerance, labels=expectation["labels"], **expectation["options"])
            if mismatch is not None:
                raise _Failure(f"`{function}` does not match the expected result: {mismatch}")
        elif kind == "error_size":
            call = _call(namespace, function, expectation)
            value, below = call.value, expectation["below"]
            if not isinstance(value, float) or isinstance(value, bool):
                raise _Failure(f"`{function}` must return a Python float, got {type(value).__name__}")
            if value < 0.0:
                raise _Failure(f"`{function}` returned a negative number ({value:.3g}): an error size is never "
                               "negative; take the absolute value of the differences")
            if not value < below:
                raise _Failure(f"`{function}` returned {value:.3g} for {expectation['context']}; numerical and "
                               f"autograd gradients agree there to better than {below:g}")
        elif kind == "inputs_unchanged" and function in last:
            call, stored = last[function]
            _inputs_unchanged(call, stored["args"], expectation["names"])
        elif kind == "detached" and function in last:
            _detached(last[function][0], expectation["labels"])


def run_checks(assignment: str, namespace: dict, functions=None) -> Report:
    """Run ``assignment``'s public checks (those of ``functions`` only, if given) on ``namespace``."""
    data = load_assignment(assignment)
    known = functions_of(assignment)
    for function in functions or ():
        if function not in known:
            raise CheckError(f"{function!r} is not a graded function of {assignment}; "
                             f"its graded functions are {', '.join(known)}")
    outcomes = []
    for check in data["checks"]:
        if functions and check["function"] not in functions:
            continue
        outcome = Outcome(check["name"], check["function"], check["points"], check["points"], "passed")
        try:
            with torch.random.fork_rng(devices=[]):   # a student's seeding stays theirs
                _run_check(namespace, copy.deepcopy(check))
        except _Failure as failure:
            outcome.points, outcome.outcome, outcome.message = 0.0, failure.outcome, failure.message
        outcomes.append(outcome)
    return Report(assignment, outcomes, data["total_points"], list(functions) if functions else None)


def _caller_namespace() -> dict:
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:
        pass
    return vars(sys.modules["__main__"])


def check(what: str | None = None, *, assignment: str | None = None, namespace: dict | None = None) -> Report:
    """Run the public checks on the functions defined in this notebook and print a report.

    ``what`` is a graded function's name (only its checks run) or an assignment's name.
    """
    namespace = _caller_namespace() if namespace is None else namespace
    functions = None
    if what is not None and what in assignments():
        assignment = what
    elif what is not None:
        functions = [what]
    assignment = assignment or guess_assignment(namespace, what)
    report = run_checks(assignment, namespace, functions)
    print(report.text())
    return report
