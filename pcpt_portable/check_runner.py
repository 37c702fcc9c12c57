"""Run public checks stored as data against functions in a namespace, and report.

A check's data (built at release by ``autograder.student_package``) lists what it asserts:
calls with their inputs and the expected value of each (computed from the reference), the
tolerance, the results of the misconception variants on the same inputs, and the behaviour
it requires (inputs unchanged, results detached, an error size). A check stops at its first
failed expectation, as in grading, and words it with the same ``messages`` and ``findings``.

The functions run here, in the student's own Python: a function that calls another graded
function uses the student's (in grading, the reference stands in for it). Such calls are
watched, and a failure of a function whose graded dependency fails its own check gets a note.
"""

from __future__ import annotations

import copy
import html
import re
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch

from . import findings, gradients, messages, testfuncs
from .compare import compare
from .diagnosis import calls_in_order, defines, matching_error, matching_variant
from .errors import AutograderError
from .names import look_up
from .stored import decode_value
from .tolerances import Tolerance

SYMBOLS = {"passed": "✔ passed", "failed": "✘ failed", "error": "! error"}


class CheckError(AutograderError):
    """A problem with what was asked (unknown assignment or function), not with the student's code."""


@dataclass(frozen=True)
class CellError:
    """A notebook cell that raised when it was run (``pcpt_check.notebook``)."""
    label: str          # messages.cell_label
    grade_id: str | None
    source: str
    error: str          # "Type: message"
    where: str = ""     # " (cell N, line L, in f: code)" or ""

    def text(self) -> str:
        return f"{self.label} raised {self.error}{self.where}"


@dataclass
class Outcome:
    name: str
    function: str
    points: float
    max_points: float
    outcome: str          # "passed", "failed" or "error"
    message: str = ""     # as grading words it
    misconception: str | None = None
    note: str = ""        # the student check's own remark (a failing dependency)
    dependencies: list[str] = field(default_factory=list)   # graded functions of the student's it called
    failing_dependencies: list[str] = field(default_factory=list)   # those that fail their own public checks


@dataclass
class Report:
    assignment: str
    outcomes: list[Outcome]
    total_points: float          # of the whole assignment, hidden checks included
    functions: list[str] | None = None
    cell_errors: list[CellError] = field(default_factory=list)

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
            for line in (o.message + ("\n" + o.note if o.note else "")).strip("\n").splitlines():
                lines.append(f"      {line}")
        for error in self.cell_errors:
            lines.append(f"  {error.text()}")
        lines.append(self.score_line())
        return "\n".join(lines)

    def html(self) -> str:
        rows = []
        for o in self.outcomes:
            colour = {"passed": "#1a7f37", "failed": "#b42318", "error": "#b54708"}[o.outcome]
            detail = _html_text(o.message) + (f"<div><em>{_html_text(o.note)}</em></div>" if o.note else "")
            rows.append(f"<tr><td style='color:{colour};white-space:nowrap'>{html.escape(SYMBOLS[o.outcome])}</td>"
                        f"<td><code>{html.escape(o.function)}</code></td><td>{o.points:g}/{o.max_points:g}</td>"
                        f"<td style='text-align:left'>{html.escape(o.name)}{'<br>' + detail if detail else ''}</td></tr>")
        cells = "".join(f"<li>{_html_text(e.text())}</li>" for e in self.cell_errors)
        return (f"<div class='pcpt-check'><strong>{html.escape(self.assignment)}: public checks</strong>"
                f"<table>{''.join(rows)}</table>{f'<ul>{cells}</ul>' if cells else ''}"
                f"<p>{html.escape(self.score_line())}</p></div>")

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return self.text()


def _html_text(text: str) -> str:
    """Plain message text as HTML: `code` spans kept, lines kept."""
    escaped = html.escape(text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped).replace("\n", "<br>")


class _Failure(AutograderError):
    """A public check's failure here (grading's is ``GradingFailure``): control flow of ``_Checks``."""

    exit_status = None

    def __init__(self, message: str, outcome: str = "failed", misconception: str | None = None):
        super().__init__(message)
        self.message, self.outcome, self.misconception = message, outcome, misconception


def _where(exc: BaseException) -> str:
    """The last frame of the student's cells, as grading shows it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    if not frames:
        return ""
    frame = frames[-1]
    return f" ({messages.traceback_line(int(frame.filename[6:-1]), frame.lineno, frame.name, frame.line or '')})"


def describe_cell_error(label: str, grade_id: str | None, source: str, exc: BaseException) -> CellError:
    """A cell's exception as grading describes it (type, message, its last frame in the student's cells)."""
    error = f"{type(exc).__qualname__}: {exc}" if str(exc) else type(exc).__qualname__
    where = _where(exc)
    if isinstance(exc, SyntaxError):
        where = f" ({(exc.filename or '')[1:-1]}, line {exc.lineno}: {(exc.text or '').strip()})"
    return CellError(label, grade_id, source, error, where)


class _Checks:
    """One run over an assignment's stored checks."""

    def __init__(self, document: dict, namespace: dict, cell_errors=()):
        self.document, self.namespace, self.cell_errors = document, namespace, list(cell_errors)
        self.misconceptions = document.get("misconceptions", {})
        self.graded = list(dict.fromkeys(c["function"] for c in document["checks"]))
        # The cells run so far, as IPython keeps them (``In``): where an answer only echoes its inputs,
        # diagnosis names a misconception only when the function's own code shows its calls.
        history = namespace.get("In")
        self.sources = [s for s in history if isinstance(s, str)] if isinstance(history, list) else None

    def source_shows(self, function: str, key: str) -> bool:
        order = [frozenset(names) for names in self.misconceptions.get(key, {}).get("source_order", ())]
        return calls_in_order(self.sources, function, order)

    def explained(self, message: str, key: str | None) -> str:
        entry = self.misconceptions.get(key) if key else None
        return messages.explained(message, _Explanation(entry["message"]) if entry else None)

    def fail(self, finding: findings.Finding | None) -> None:
        if finding is not None:
            raise _Failure(self.explained(finding.message, finding.misconception), misconception=finding.misconception)

    def raised(self, function: str, exc: BaseException, prefix: str = "") -> _Failure:
        if isinstance(exc, NotImplementedError):
            return _Failure(messages.NOT_IMPLEMENTED_MESSAGE.format(function=function), "error")
        text = describe_cell_error("", None, "", exc).error
        if prefix:   # as grading words an exception of the backward pass (autograder.worker.gradients)
            text = f"{type(exc).__qualname__}: {prefix}{exc}"
        key = matching_error(text, ((key, entry.get("error_patterns", ()))
                                    for key, entry in self.misconceptions.items()))
        return _Failure(self.explained(messages.raised(function, text, _where(exc)), key), "error", key)

    def missing(self, function: str) -> _Failure:
        for cell in self.cell_errors:
            if cell.grade_id == function or defines(cell.source, function):
                return _Failure(messages.missing(function, cell.label, cell.error, cell.where), "error")
        return _Failure(messages.missing(function), "error")

    @contextmanager
    def watching(self, function: str, called: set):
        """While ``function`` runs, note which other graded functions of the namespace it calls."""
        saved, depth = {}, [0]
        for name in self.graded:
            target = self.namespace.get(name)
            if name != function and callable(target) and not isinstance(target, type):
                saved[name] = target
                self.namespace[name] = _watched(name, target, called, depth)
        try:
            yield
        finally:
            self.namespace.update(saved)

    def call(self, function: str, expectation: dict, called: set, leaves_at=()):
        """``function`` on the expectation's inputs; ``leaves_at``: argument paths given fresh leaves
        (``gradients.with_leaves``), which come back as a fourth item."""
        try:
            target = look_up(self.namespace, function)   # a function, or ``Class.attribute``
        except Exception as exc:  # noqa: BLE001  (a metaclass of the student's)
            raise self.raised(function, exc) from exc
        if type(target) is tuple:
            raise self.missing(function.split(".")[0])
        args = tuple(decode_value(expectation["args"]))
        kwargs = decode_value(expectation["kwargs"])
        leaves = []
        if leaves_at:
            args, kwargs, leaves = gradients.with_leaves(args, kwargs, leaves_at)
        try:
            with self.watching(function, called):
                value = target(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001  (the student's code may raise anything)
            frames = traceback.extract_tb(exc.__traceback__)
            if isinstance(exc, NameError) and getattr(exc, "name", None) in self.graded and frames[-1].name == function:
                called.add(exc.name)    # a graded function it calls is not defined
            raise self.raised(function, exc) from exc
        return (args, kwargs, value, leaves) if leaves_at else (args, kwargs, value)

    def gradient(self, function: str, expectation: dict, called: set) -> findings.Finding | None:
        """A gradient expectation (``autograder.expectations.expect_gradient_match``), its values already checked."""
        wrt = [tuple(path) for path in expectation["wrt"]]
        _, _, value, leaves = self.call(function, expectation, called, leaves_at=wrt)
        try:
            taken = gradients.backward(value, leaves, decode_value(expectation["grad_outputs"]))
        except Exception as exc:  # noqa: BLE001  (a custom backward may raise anything)
            raise self.raised(function, exc, prefix=gradients.BACKWARD_PREFIX) from exc
        args, kwargs = tuple(decode_value(expectation["args"])), decode_value(expectation["kwargs"])
        given = [gradients.at_path(args, kwargs, p) for p in wrt]
        expected, tolerance = decode_value(expectation["gradients"]), Tolerance(expectation["rtol"], expectation["atol"])
        finding = findings.gradient_problem(function, taken.attached, taken.gradients, expectation["attached"],
                                            expected, expectation["outputs"], given, expectation["names"], tolerance)
        if finding is not None and finding.misconception is None and taken.gradients is not None:
            key = matching_variant(gradients.filled(taken.gradients, given), gradients.filled(expected, given), args,
                                   kwargs, tolerance, _stored_variants(expectation))
            finding = findings.Finding(finding.message, key) if key else finding
        return finding

    def match(self, function: str, expectation: dict, called: set):
        args_after, _, value = self.call(function, expectation, called)
        args, kwargs = tuple(decode_value(expectation["args"])), decode_value(expectation["kwargs"])  # as given
        expected = decode_value(expectation["expected"])
        tolerance = Tolerance(expectation["rtol"], expectation["atol"])
        options = expectation["options"]
        mismatch = compare(value, expected, tolerance, labels=expectation["labels"], **options)
        if mismatch is not None:
            key = matching_variant(value, expected, args, kwargs, tolerance, _stored_variants(expectation),
                                   source_shows=lambda key: self.source_shows(function, key),
                                   labels=expectation["labels"], **options)
            key = key or findings.ATTRIBUTE_MISCONCEPTIONS.get(mismatch.kind)
            message = messages.mismatch(function, mismatch.describe(hidden=False))
            raise _Failure(self.explained(message, key), misconception=key)
        return args_after, value, args

    def run(self, check: dict, called: set) -> None:
        last: dict[str, tuple] = {}
        for expectation in check["expectations"]:
            kind, function = expectation["kind"], expectation["function"]
            if kind == "match":
                last[function] = self.match(function, expectation, called)
            elif kind == "error_size":
                _, _, value = self.call(function, expectation, called)
                self.fail(findings.error_size_problem(function, value, expectation["below"], expectation["context"]))
            elif kind == "inputs_unchanged" and function in last:
                args_after, _, before = last[function]
                self.fail(findings.inputs_changed(function, before, args_after, expectation["names"]))
            elif kind == "gradient":
                self.fail(self.gradient(function, expectation, called))
            elif kind == "detached" and function in last:
                self.fail(findings.attached(function, last[function][1], expectation["labels"]))
            elif kind in ("method", "state_keys"):
                self.object_expectation(expectation)

    def build(self, expectation: dict):
        """The object a class expectation uses, rebuilt from its recipe (``autograder.class_checks``)."""
        owner = expectation["owner"]
        args, kwargs, state, training = decode_value(expectation["build"])
        made = testfuncs.build(owner) if expectation["factory"] else look_up(self.namespace, owner)
        if type(made) is tuple:
            raise self.missing(owner)
        try:
            value = made(*args, **kwargs)
            if state is not None:
                value.load_state_dict(state)
            if training is not None:
                value.train(training)
        except Exception as exc:  # noqa: BLE001  (the student's code may raise anything)
            raise self.raised(owner, exc) from exc
        return value

    def object_expectation(self, expectation: dict) -> None:
        """``expect_method_match`` / ``expect_state_dict_keys`` of grading, on the student's own class."""
        value, owner = self.build(expectation), expectation["owner"]
        if expectation["kind"] == "state_keys":
            try:
                keys = sorted(value.state_dict())
            except Exception as exc:  # noqa: BLE001
                raise self.raised(f"{owner}.state_dict", exc) from exc
            if keys != expectation["keys"]:
                raise _Failure(messages.state_keys(owner, keys, expectation["keys"]))
            return
        name = f"{owner}.{expectation['method']}"
        try:
            got = getattr(value, expectation["method"])(*decode_value(expectation["args"]),
                                                         **decode_value(expectation["kwargs"]))
        except Exception as exc:  # noqa: BLE001
            raise self.raised(name, exc) from exc
        mismatch = compare(got, decode_value(expectation["expected"]), Tolerance(expectation["rtol"], expectation["atol"]),
                           labels=expectation["labels"], **expectation["options"])
        if mismatch is not None:
            raise _Failure(messages.mismatch(name, mismatch.describe(hidden=False)))

    def outcome(self, check: dict) -> tuple[Outcome, set]:
        outcome = Outcome(check["name"], check["function"], check["points"], check["points"], "passed")
        called: set = set()
        try:
            with torch.random.fork_rng(devices=[]):   # a student's seeding stays theirs
                self.run(copy.deepcopy(check), called)
        except _Failure as failure:
            outcome.points, outcome.outcome = 0.0, failure.outcome
            outcome.message, outcome.misconception = failure.message, failure.misconception
        return outcome, called


def _stored_variants(expectation: dict) -> list:
    """``(key, result)`` of the misconception variants stored with an expectation."""
    return [(v["key"], decode_value(v["value"]) if v["value"] is not None else None)
            for v in expectation.get("variants", ())]


@dataclass(frozen=True)
class _Explanation:
    message: str


def _watched(name: str, target, called: set, depth: list):
    """``target``, noting in ``called`` when it is called directly (not from another graded function)."""
    def watched(*args, **kwargs):
        if not depth[0]:
            called.add(name)
        depth[0] += 1
        try:
            return target(*args, **kwargs)
        finally:
            depth[0] -= 1

    watched.__wrapped__ = target
    return watched


def functions_of(document: dict) -> list[str]:
    return list(dict.fromkeys(c["function"] for c in document["checks"]))


def run_checks(document: dict, namespace: dict, functions=None, cell_errors=()) -> Report:
    """Run the stored public checks of ``document`` (those of ``functions`` only, if given) on ``namespace``."""
    testfuncs.load(document.get("test_functions", {}))  # the course's callables the checks pass by name
    known = functions_of(document)
    for function in functions or ():
        if function not in known:
            raise CheckError(f"{function!r} is not a graded function or class of {document['assignment']}; "
                             f"its graded items are {', '.join(known)}")
    checks = _Checks(document, namespace, cell_errors)
    results = {}

    def results_of(function):
        for check in document["checks"]:
            if check["function"] == function and check["name"] not in results:
                results[check["name"]] = checks.outcome(check)
        return [results[c["name"]] for c in document["checks"] if c["function"] == function]

    outcomes = []
    for check in document["checks"]:
        function = check["function"]
        if functions and function not in functions:
            continue
        results_of(function)
        outcome, called = results[check["name"]]
        if outcome.outcome != "passed" and called - {function}:
            dependencies = [d for d in known if d in called and d != function]
            failing = [d for d in dependencies if any(o.outcome != "passed" for o, _ in results_of(d))]
            outcome.dependencies, outcome.failing_dependencies = dependencies, failing
            outcome.note = messages.depends_on(function, failing, [d for d in dependencies if d not in failing])
        outcomes.append(outcome)
    return Report(document["assignment"], outcomes, document["total_points"],
                  list(functions) if functions else None, list(cell_errors))
