"""Grade one notebook: notebook → sandboxed run → checks → result record.

The steps, in order (each its own module):
    notebook.read_submission        which cells to run
    submission.SandboxedSubmission  run them in the sandbox; calls go through it
    runner.check_session            the assignment's pytest checks against the submission
    results.GradeResult             the record every sink (JSON, CSV, gradebook, HTML) reads
"""

from __future__ import annotations

import time

from . import __version__
from .assignments import release_notebook, validate
from .notebook import NotebookError, read_submission, skippable_sources
from .results import GradeResult, TestResult
from .runner import check_session
from .sandbox import ForkServer, SandboxError
from .settings import Settings
from .submission import SandboxedSubmission


def _selector(public_only: bool):
    return (lambda meta: meta.get("visibility") == "public") if public_only else None


def error_result(assignment, student_id, device, reason, *, plan, sandbox="", sha=None, kind="notebook",
                 seed=None) -> GradeResult:
    """A notebook that could not be graded: every check scores 0 and carries the reason.

    ``kind`` is "notebook" when the file itself is the problem, "internal" when grading
    failed for another reason (a rerun of the batch grades it again).
    """
    tests = [TestResult(t.name, t.function, 0.0, t.max_points, "error", reason, t.visibility) for t in plan]
    return GradeResult(assignment, student_id, device, "error", tests, error=reason, sandbox=sandbox,
                       grader_version=__version__, notebook_sha256=sha, error_kind=kind, seed=seed)


class Grader:
    """Grades notebooks of one assignment with one sandbox server and one pytest session."""

    def __init__(self, assignment: str, settings: Settings, server: ForkServer, checks):
        self.assignment = assignment
        self.settings = settings
        self.device = settings.resolved_device()
        self.server = server
        self.checks = checks
        release = release_notebook(assignment)
        self.skip = skippable_sources(release) if release.exists() else frozenset()

    def grade(self, path, student_id: str | None = None) -> GradeResult:
        started = time.monotonic()
        try:
            notebook = read_submission(path, self.skip)
        except NotebookError as exc:
            result = error_result(self.assignment, student_id, self.device, str(exc), plan=self.checks.plan(),
                                  sandbox=self.server.kind, seed=self.settings.seed, sha=exc.sha256)
            result.seconds = time.monotonic() - started
            return result
        submission = SandboxedSubmission(self.server, list(notebook.cells), self.assignment)
        try:
            submission.start()
            tests = self.checks.grade(submission)
        except SandboxError as exc:
            return error_result(self.assignment, student_id, self.device, f"the sandbox failed: {exc}",
                                plan=self.checks.plan(), sandbox=self.server.kind, sha=notebook.sha256,
                                kind="internal", seed=self.settings.seed)
        finally:
            submission.close()
        cell_errors = [{"cell": cell.index, "grade_id": cell.grade_id, "label": cell.label,
                        "error": res.error.summary(), "where": res.error.traceback[-1] if res.error.traceback else ""}
                       for cell, res in submission.cell_errors()]
        result = GradeResult(self.assignment, student_id, self.device, "graded", tests, sandbox=self.server.kind,
                             grader_version=__version__, notebook_sha256=notebook.sha256, cell_errors=cell_errors,
                             seed=self.settings.seed)
        result.seconds = time.monotonic() - started
        return result


def run_grader(assignment: str, settings: Settings, work, *, public_only: bool = False) -> None:
    """Start a sandbox server and a check session, and call ``work(grader)`` inside them."""
    validate(assignment)
    device = settings.resolved_device()
    with ForkServer(settings.limits(), sandbox=settings.sandbox, cuda=device == "cuda") as server:
        check_session(assignment, lambda checks: work(Grader(assignment, settings, server, checks)),
                      device=device, seed=settings.seed, select=_selector(public_only))


def grade_notebook(path, assignment: str, settings: Settings, *, student_id=None, public_only=False) -> GradeResult:
    """Grade one notebook from scratch (starts and stops its own sandbox)."""
    results = []
    run_grader(assignment, settings, lambda grader: results.append(grader.grade(path, student_id)),
               public_only=public_only)
    return results[0]
