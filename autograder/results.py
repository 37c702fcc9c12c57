"""Result records (docs/interface.md): one ``TestResult`` per check, one ``GradeResult`` per notebook.

Scores are derived from the tests, never stored separately. ``to_dict`` gives the
contract's JSON object (plus a few documented extra keys); ``summary(public_only=True)``
is what a student may see before the deadline.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

OUTCOMES = ("passed", "failed", "error", "timeout")


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class

    name: str
    function: str
    points: float
    max_points: float
    outcome: str
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
        fields = {k: data[k] for k in ("name", "function", "points", "max_points", "outcome") if k in data}
        return cls(**fields, message=data.get("message", ""), visibility=data.get("visibility", "hidden"),
                   misconception=data.get("misconception"), details=data.get("details"))


@dataclass
class GradeResult:
    assignment: str
    student_id: str | None
    device: str
    status: str                          # "graded" or "error"
    tests: list[TestResult] = field(default_factory=list)
    error: str | None = None             # why the notebook could not be graded (status "error")
    sandbox: str = ""                    # "bwrap" or "process": which isolation ran the code
    grader_version: str = ""
    notebook_sha256: str | None = None
    cell_errors: list[dict] = field(default_factory=list)   # cells that raised, for feedback
    seconds: float = 0.0
    seed: int | None = None              # base seed of the hidden inputs
    error_kind: str | None = None        # "notebook" (the student's file) or "internal" (retry it)

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
        }

    @classmethod
    def from_dict(cls, data: dict) -> "GradeResult":
        return cls(
            assignment=data["assignment"], student_id=data.get("student_id"), device=data.get("device", ""),
            status=data["status"], tests=[TestResult.from_dict(t) for t in data.get("tests", [])],
            error=data.get("error"), sandbox=data.get("sandbox", ""), grader_version=data.get("grader_version", ""),
            notebook_sha256=data.get("notebook_sha256"), cell_errors=list(data.get("cell_errors", [])),
            seconds=float(data.get("seconds", 0.0)), seed=data.get("seed"), error_kind=data.get("error_kind"),
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
