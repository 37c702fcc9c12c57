"""Result records (docs/interface.md): one ``TestResult`` per check, one ``GradeResult`` per notebook.

Scores are derived from the tests, never stored separately. ``to_dict`` gives the
contract's JSON object (plus a few documented extra keys); ``summary(public_only=True)``
is what a student may see before the deadline.

A record's size is bounded whatever the student's code printed or raised (``bound``):
messages and cell errors are cut, only the first ``MAX_CELL_ERRORS`` cell errors are kept
(``cell_error_count`` says how many there were), plot data goes first when the record
would exceed ``MAX_RESULT_BYTES``, and ``truncated`` says that something was cut.

Plot data over its budget is first made to fit (``fit_details``: numbers rounded to what a
picture shows, long series evenly sampled keeping their first and last points), so a normal
submission keeps its plots and is never ``truncated``; only plot data that still cannot fit
(a hostile size or shape) is dropped, and ``plots_dropped`` names its checks for the report.
"""

from __future__ import annotations

import json
import math

import numpy as np
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """How one check ended; a ``StrEnum``, so JSON and comparisons see the plain string."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"


class Status(StrEnum):
    GRADED = "graded"
    ERROR = "error"          # the notebook could not be graded (``GradeResult.error`` says why)


class ErrorKind(StrEnum):
    NOTEBOOK = "notebook"    # the student's file is the problem
    INTERNAL = "internal"    # not the student's doing: a rerun of the batch grades it again


OUTCOMES = tuple(Outcome)


def _known(kind, value):
    """``value`` as a member of ``kind`` when it is one; anything else is kept as read."""
    try:
        return kind(value)
    except ValueError:
        return value

MAX_RESULT_BYTES = 256 * 1024        # one result record as JSON, at most
MAX_MESSAGE_CHARS = 2000             # per test message and per error reason
MAX_CELL_ERRORS = 20                 # cell errors kept (the first ones, in notebook order)
MAX_CELL_ERROR_CHARS = 500           # per field of a kept cell error
MAX_DETAILS_BYTES = 32 * 1024        # plot data of one check
PLOT_DIGITS = 5                      # significant digits kept when plot data must shrink
CUT_MARK = " … [cut]"


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    name: str
    function: str
    points: float
    max_points: float
    outcome: Outcome
    message: str = ""
    visibility: str = "hidden"           # "public": mirrors a visible test cell of the release
    misconception: str | None = None     # catalogue key when one was recognised
    details: dict | None = None          # plot data for feedback pages (public checks only)

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["details"] is None:
            del data["details"]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "TestResult":
        fields = {k: data[k] for k in ("name", "function", "points", "max_points") if k in data}
        if "outcome" in data:
            fields["outcome"] = _known(Outcome, data["outcome"])
        return cls(**fields, message=data.get("message", ""), visibility=data.get("visibility", "hidden"),
                   misconception=data.get("misconception"), details=data.get("details"))


@dataclass
class GradeResult:
    assignment: str
    student_id: str | None
    device: str
    status: Status
    tests: list[TestResult] = field(default_factory=list)
    error: str | None = None             # why the notebook could not be graded (status error)
    sandbox: str = ""                    # "bwrap" or "process": which isolation ran the code
    grader_version: str = ""
    notebook_sha256: str | None = None
    cell_errors: list[dict] = field(default_factory=list)   # cells that raised, for feedback
    seconds: float = 0.0
    seed: int | None = None              # base seed of the hidden inputs
    error_kind: ErrorKind | None = None  # set when status is error
    variant: int | None = None           # hidden-input variant of this student (autograder.variants)
    variant_key: str | None = None       # public name of the course secret and seed that chose it
    cell_error_count: int = 0            # cells that raised, including those not kept in cell_errors
    truncated: bool = False              # messages, cell errors or plot data were cut (``bound``)
    plots_dropped: list[str] = field(default_factory=list)  # checks whose plot data could not be kept
    metadata_restored: list[str] = field(default_factory=list)  # nbgrader metadata the student changed
    #   (grades never read it; the gradebook sink gives nbgrader the release's, sinks.gradebook)

    def __post_init__(self):
        self.cell_error_count = max(self.cell_error_count, len(self.cell_errors))

    @property
    def score(self) -> float:
        return round(sum(t.points for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_points for t in self.tests), 6)

    def to_dict(self) -> dict:
        return {
            "assignment": self.assignment, "student_id": self.student_id, "device": self.device,
            "status": self.status, "score": self.score, "max_score": self.max_score,
            "tests": [t.to_dict() for t in self.tests],
            "error": self.error, "sandbox": self.sandbox, "grader_version": self.grader_version,
            "notebook_sha256": self.notebook_sha256, "cell_errors": self.cell_errors,
            "seconds": round(self.seconds, 3), "seed": self.seed, "error_kind": self.error_kind,
            "variant": self.variant, "variant_key": self.variant_key,
            "cell_error_count": max(self.cell_error_count, len(self.cell_errors)), "truncated": self.truncated,
            "plots_dropped": list(self.plots_dropped), "metadata_restored": list(self.metadata_restored),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "GradeResult":
        return cls(
            assignment=data["assignment"], student_id=data.get("student_id"), device=data.get("device", ""),
            status=_known(Status, data["status"]), tests=[TestResult.from_dict(t) for t in data.get("tests", [])],
            error=data.get("error"), sandbox=data.get("sandbox", ""), grader_version=data.get("grader_version", ""),
            notebook_sha256=data.get("notebook_sha256"), cell_errors=list(data.get("cell_errors", [])),
            seconds=float(data.get("seconds", 0.0)), seed=data.get("seed"),
            error_kind=_known(ErrorKind, data.get("error_kind")),
            variant=data.get("variant"), variant_key=data.get("variant_key"),
            cell_error_count=int(data.get("cell_error_count", len(data.get("cell_errors", [])))),
            truncated=bool(data.get("truncated", False)),
            plots_dropped=[str(name) for name in data.get("plots_dropped", [])],
            metadata_restored=[str(note) for note in data.get("metadata_restored", [])],
        )

    def summary(self, public_only: bool = False) -> list[TestResult]:
        return [t for t in self.tests if not public_only or t.visibility == "public"]

    def points_by_function(self) -> dict[str, tuple[float, float]]:
        totals: dict[str, tuple[float, float]] = {}
        for test in self.tests:
            got, most = totals.get(test.function, (0.0, 0.0))
            totals[test.function] = (got + test.points, most + test.max_points)
        return totals

    def is_consistent(self) -> bool:
        return all(t.outcome in OUTCOMES and math.isfinite(t.max_points) and 0 <= t.points <= t.max_points
                   for t in self.tests)


def _clip(text, limit: int) -> tuple[str, bool]:
    text = text if isinstance(text, str) else str(text)
    if len(text) <= limit:
        return text, False
    return (text[:limit - len(CUT_MARK)] + CUT_MARK if limit > 2 * len(CUT_MARK) else text[:limit]), True


def _size(result: GradeResult) -> int:
    """Bytes of the record as ``sinks.files.write_result`` writes it."""
    return len(json.dumps(result.to_dict(), indent=1, allow_nan=False).encode())


def bound(result: GradeResult, limit: int = MAX_RESULT_BYTES) -> GradeResult:
    """Cut ``result`` in place until its JSON fits in ``limit`` bytes (see the module docstring).

    Scores, outcomes and check names are never cut: only what student code can make large.
    """
    cut = False
    result.cell_error_count = max(result.cell_error_count, len(result.cell_errors))
    if len(result.cell_errors) > MAX_CELL_ERRORS:
        result.cell_errors, cut = result.cell_errors[:MAX_CELL_ERRORS], True
    kept = []
    for entry in result.cell_errors:
        clipped = {}
        for key, value in entry.items():
            if isinstance(value, str):
                value, was_cut = _clip(value, MAX_CELL_ERROR_CHARS)
                cut |= was_cut
            clipped[key] = value
        kept.append(clipped)
    result.cell_errors = kept
    if result.error is not None:
        result.error, was_cut = _clip(result.error, MAX_MESSAGE_CHARS)
        cut |= was_cut
    for test in result.tests:
        test.message, was_cut = _clip(test.message, MAX_MESSAGE_CHARS)
        cut |= was_cut
        if test.details is not None:
            test.details = fit_details(test.details)
            if test.details is None:
                result.plots_dropped.append(test.name)
                cut = True
    # Still too large (many checks at their longest, escaped characters): plot data goes first,
    # then every message is cut shorter and shorter.
    if _size(result) > limit:
        _drop_details(result)
        cut = True
    room = MAX_MESSAGE_CHARS // 2
    while _size(result) > limit and room >= 1:
        _shorten_messages(result, room)
        room //= 2
    result.truncated = result.truncated or cut
    return result


def _drop_details(result: GradeResult) -> None:
    for test in result.tests:
        if test.details is not None:
            result.plots_dropped.append(test.name)
        test.details = None


def _details_size(details) -> int:
    try:
        return len(json.dumps(details, allow_nan=False))
    except (TypeError, ValueError):
        return MAX_DETAILS_BYTES + 1  # not plain JSON data: never kept


def _rounded(value):
    if isinstance(value, float) and math.isfinite(value) and value != 0.0:
        return float(f"{value:.{PLOT_DIGITS}g}")
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def sample_indices(length: int, count: int) -> np.ndarray:
    """``count`` evenly spread indices of ``range(length)``, the first and the last included.

    The renderers recompute them from ``length`` (kept in ``sampled``) and the kept series'
    length, so a sampled loss curve is drawn at its true steps.
    """
    if count >= length:
        return np.arange(length)
    return np.round(np.linspace(0, length - 1, max(count, 2))).astype(int)


def _sampled(details: dict, cap: int) -> dict:
    """``details`` with each list longer than ``cap`` (a curve or a path) evenly sampled down to ``cap``."""
    if details.get("kind") == "several" and isinstance(details.get("items"), list):
        return {**details, "items": [_sampled(item, cap) if isinstance(item, dict) else item
                                     for item in details["items"]]}
    out, lengths = dict(details), {}
    for key, value in details.items():
        if key != "sampled" and isinstance(value, list) and len(value) > cap:
            out[key] = [value[i] for i in sample_indices(len(value), cap)]
            lengths[key] = len(value)
    if lengths:
        out["sampled"] = lengths
    return out


def _longest_series(details) -> int:
    if not isinstance(details, dict):
        return 0
    if details.get("kind") == "several":
        return max((_longest_series(item) for item in details.get("items") or []), default=0)
    return max((len(v) for k, v in details.items() if k != "sampled" and isinstance(v, list)), default=0)


def fit_details(details: dict, budget: int = MAX_DETAILS_BYTES) -> dict | None:
    """Plot data that fits in ``budget`` bytes of JSON, or None when no faithful picture fits.

    Numbers are rounded to ``PLOT_DIGITS`` significant digits, then every curve or path is
    sampled evenly (its first and last points kept, ``sampled`` records each original length)
    until it fits; a picture needs a few hundred points, so only data of a hostile size or
    shape (a single point larger than the budget) is dropped.
    """
    if _details_size(details) <= budget:
        return details
    if not isinstance(details, dict):
        return None
    full = fitted = _rounded(details)
    cap = _longest_series(full)
    while _details_size(fitted) > budget and cap > 2:
        cap = max(2, int(cap * min(0.9, budget / _details_size(fitted))))
        fitted = _sampled(full, cap)   # always from the full series: the kept points stay evenly spread
    return fitted if _details_size(fitted) <= budget else None


def _shorten_messages(result: GradeResult, room: int) -> None:
    for test in result.tests:
        test.message = _clip(test.message, room)[0]
    if result.error is not None:
        result.error = _clip(result.error, room)[0]
    result.cell_errors = [{k: _clip(v, room)[0] if isinstance(v, str) else v for k, v in entry.items()}
                          for entry in result.cell_errors]
