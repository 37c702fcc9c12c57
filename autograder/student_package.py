"""Build the student check package's data (``student/pcpt_check/checks/``; the wheel is ``pcpt-check``).

Students run the public checks on their own machine without the solutions. The package's
code is ``student/pcpt_check`` (finding the notebook's functions) and the grader's own
``pcpt_portable`` (comparison, findings, messages, the check runner), which the wheel's
build backend copies in when the wheel is built: nothing of the engine is committed twice.
Per assignment the package holds the public checks as data: each call's inputs, the
expected value precomputed from the reference here, the tolerance, the results of the
function's misconception variants on the same inputs (so the student check names the
misconception grading would), the behaviour requirements (inputs unchanged, results
detached) and the wording of the misconceptions these can name. Nothing of
``reference/``, of the hidden checks or of the grading seed is written there.

The data comes from running the public checks in-process with the reference standing
in for the student, while ``expectations.recording_expectations`` records what each
check asserts. ``python -m autograder release`` regenerates it; a test keeps the
committed files in sync with the checks and the reference.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from pcpt_portable import gradients, testfuncs
from pcpt_portable.names import look_up
from pcpt_portable.stored import StoredValueError
from pcpt_portable.stored import encode_value as _encode

from . import __version__
from . import course as courses
from . import misconceptions, reference_runner
from .errors import AutograderError
from .expectations import FINDING_MISCONCEPTIONS, recording_expectations
from .results import Outcome
from .runner import CheckSession
from .sandbox import CallResult


class StudentPackageError(AutograderError, RuntimeError):
    """A public check cannot be turned into data (the checks and this module disagree)."""


class _ReferenceAsStudent:
    """A submission whose functions are the reference's, called in this process."""

    def __init__(self, assignment: courses.Assignment):
        self.assignment = assignment
        self.module = reference_runner.reference_module(assignment)

    def call(self, function, args=(), kwargs=None, trace=False, vjp=None) -> CallResult:
        call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
        if vjp:
            taken = gradients.vjp(look_up(vars(self.module), function), call_args, call_kwargs, vjp["wrt"],
                                  vjp["grad_outputs"])
            return CallResult(ok=True, value=taken.value, inputs_after=[copy.deepcopy(list(args)), dict(kwargs or {})],
                              attached=taken.attached, gradients=taken.gradients)
        value = look_up(vars(self.module), function)(*call_args, **call_kwargs)
        return CallResult(ok=True, value=value, inputs_after=[copy.deepcopy(list(args)), dict(kwargs or {})])

    def construct(self, owner, args=(), kwargs=None):
        return reference_runner.ReferenceRunner(self.assignment, "cpu").construct(owner, args, kwargs)

    def cell_errors(self):
        return []


def encode_value(value) -> dict:
    """A value as JSON: wire's tree with its binary blobs in base64."""
    try:
        return _encode(value)
    except StoredValueError as exc:
        raise StudentPackageError(f"a value of a public check cannot be stored: {exc}") from None


def _add_misconception(table: dict, misconception) -> None:
    """``table[key]``: the wording (and error patterns) the student check shows; one wording per key."""
    entry = {"message": misconception.message, "error_patterns": list(misconception.error_patterns),
             "source_order": [sorted(names) for names in misconception.source_order]}
    if table.setdefault(misconception.key, entry) != entry:
        raise StudentPackageError(f"misconception {misconception.key!r} has two wordings in grading; "
                                  "the student check could show the other one")


def _variants(record: dict, table: dict) -> list[dict]:
    variants = []
    for misconception, result in record["variants"]:
        _add_misconception(table, misconception)
        variants.append({"key": misconception.key, "value": None if result is None else encode_value(result)})
    return variants


def _expectation(record: dict, table: dict) -> dict:
    kind = record["kind"]
    if kind == "match":
        if record["require_api"]:
            raise StudentPackageError(f"public check of {record['function']} requires an API trace; "
                                      "the student package cannot check that")
        return {"kind": kind, "function": record["function"], "args": encode_value(record["args"]),
                "kwargs": encode_value(record["kwargs"]), "expected": encode_value(record["expected"]),
                "rtol": record["rtol"], "atol": record["atol"],
                "labels": list(record["labels"]) if record["labels"] else None, "options": record["options"],
                "variants": _variants(record, table)}
    if kind == "error_size":
        return {"kind": kind, "function": record["function"], "args": encode_value(record["args"]),
                "kwargs": encode_value(record["kwargs"]), "below": record["below"], "context": record["context"]}
    if kind == "gradient":
        return {"kind": kind, "function": record["function"], "args": encode_value(record["args"]),
                "kwargs": encode_value(record["kwargs"]), "wrt": record["wrt"],
                "grad_outputs": encode_value(record["grad_outputs"]), "attached": record["attached"],
                "gradients": encode_value(record["gradients"]), "names": record["names"],
                "outputs": record["outputs"], "rtol": record["rtol"], "atol": record["atol"],
                "variants": _variants(record, table)}
    if kind in ("inputs_unchanged", "detached"):
        return {key: value for key, value in record.items()}
    if kind in ("method", "state_keys"):   # an object of a graded class, rebuilt from its recipe (class_checks)
        recipe = record["object"]
        stored = {"kind": kind, "function": record["function"], "owner": recipe["owner"], "factory": recipe["factory"],
                  "build": encode_value([list(recipe["args"]), recipe["kwargs"], recipe["state"], recipe["training"]])}
        if kind == "state_keys":
            return dict(stored, keys=record["keys"])
        return dict(stored, method=record["method"], args=encode_value(record["args"]),
                    kwargs=encode_value(record["kwargs"]), expected=encode_value(record["expected"]),
                    rtol=record["rtol"], atol=record["atol"],
                    labels=list(record["labels"]) if record["labels"] else None, options=record["options"])
    if kind == "unreplayable":
        raise StudentPackageError(f"a public check of {record['function']} uses an object a graded function changed "
                                  "(or a method that may change it); the student package cannot rebuild it")
    raise StudentPackageError(f"unknown expectation kind {kind!r}")


def public_checks(course: courses.Course, assignment: str) -> dict:
    """The public checks of ``course``'s ``assignment`` as data, run against the reference on the CPU."""
    found = course.assignment(assignment)   # an unknown name fails here
    table: dict = {}   # the misconceptions the student check can name: findings', exception patterns', variants'
    for misconception in FINDING_MISCONCEPTIONS.values():
        _add_misconception(table, misconception)
    for misconception in misconceptions.known(course).values():
        if misconception.error_patterns:
            _add_misconception(table, misconception)

    student = _ReferenceAsStudent(found)
    entries = []
    with CheckSession.open(found, device="cpu", seed=0,
                           select=lambda meta: meta.get("visibility") == "public") as checks:
        run = checks.grade_each(student)
        while True:
            with recording_expectations() as records:
                try:
                    item, result = next(run)
                except StopIteration:
                    break
            if "inputs" in item.fixturenames:  # seeded from the grading seed: not for students
                raise StudentPackageError(f"public check {item.name} draws seeded inputs")
            if result.outcome != Outcome.PASSED:
                raise StudentPackageError(f"the reference fails public check {item.name}: {result.message}")
            if not any(r["kind"] in ("match", "error_size", "gradient", "method", "state_keys") for r in records):
                raise StudentPackageError(f"public check {item.name} asserts nothing the package can record")
            entries.append({"name": item.name, "function": result.function, "points": result.max_points,
                            "expectations": [_expectation(r, table) for r in records]})
        total_points = checks.total_points
    return {"assignment": assignment, "grader_version": __version__, "total_points": total_points,
            "public_points": sum(e["points"] for e in entries), "checks": entries, "misconceptions": table,
            "test_functions": course.test_function_sources()}


def student_root(course: courses.Course) -> Path:
    """The course's student package (``student/``; its wheel is what students install)."""
    return course.root / "student"


def write_student_package(course: courses.Course, assignments=None, package: Path | None = None) -> list[Path]:
    """Regenerate the check data of ``assignments`` (default: all); the code is assembled when the wheel builds."""
    package = package or student_root(course) / "pcpt_check"
    assignments = course.assignments if assignments is None else assignments
    written = []
    data = package / "checks"
    data.mkdir(parents=True, exist_ok=True)
    for assignment in assignments:
        path = data / f"{assignment}.json"
        path.write_text(json.dumps(public_checks(course, assignment), indent=1, allow_nan=False) + "\n")
        written.append(path)
    return written
