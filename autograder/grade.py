"""Grade one notebook: notebook → sandboxed run → checks → result record.

The steps, in order (each its own module):
    notebook.read_submission        which cells to run
    submission.SandboxedSubmission  run them in the sandbox; calls go through it
    runner.check_session            the assignment's pytest checks against the submission
    results.GradeResult             the record every sink (JSON, CSV, gradebook, HTML) reads,
                                    its size bounded (results.bound)

Hidden checks draw their inputs from the student's variant (``variants.HiddenVariants``).
"""

from __future__ import annotations

import time

from . import __version__
from .assignments import release_notebook, validate
from .notebook import NotebookError, read_submission, skippable_sources
from .results import MAX_CELL_ERRORS, GradeResult, TestResult, bound
from .runner import check_session
from .sandbox import ForkServer, SandboxError
from .settings import Settings
from .submission import SandboxedSubmission
from .variants import HiddenVariants, hidden_variants


def _selector(public_only: bool):
    return (lambda meta: meta.get("visibility") == "public") if public_only else None


def error_result(assignment, student_id, device, reason, *, plan, sandbox="", sha=None, kind="notebook",
                 seed=None, variants: HiddenVariants | None = None) -> GradeResult:
    """A notebook that could not be graded: every check scores 0 and carries the reason.

    ``kind`` is "notebook" when the file itself is the problem, "internal" when grading
    failed for another reason (a rerun of the batch grades it again).
    """
    tests = [TestResult(t.name, t.function, 0.0, t.max_points, "error", reason, t.visibility) for t in plan]
    result = GradeResult(assignment, student_id, device, "error", tests, error=reason, sandbox=sandbox,
                         grader_version=__version__, notebook_sha256=sha, error_kind=kind, seed=seed)
    if variants is not None:
        result.variant, result.variant_key = variants.variant_of(assignment, student_id), variants.key
    return bound(result)


class Grader:
    """Grades notebooks of one assignment with one sandbox server and one pytest session.

    ``variants`` is None only when no hidden check is selected (``check``: public checks).
    """

    def __init__(self, assignment: str, settings: Settings, server: ForkServer, checks,
                 variants: HiddenVariants | None = None):
        self.assignment = assignment
        self.settings = settings
        self.variants = variants
        self.device = settings.resolved_device()
        self.server = server
        self.checks = checks
        release = release_notebook(assignment)
        self.skip = skippable_sources(release) if release.exists() else frozenset()

    def grade(self, path, student_id: str | None = None) -> GradeResult:
        started = time.monotonic()
        common = dict(plan=self.checks.plan(), sandbox=self.server.kind, seed=self.settings.seed,
                      variants=self.variants)
        try:
            notebook = read_submission(path, self.skip)
        except NotebookError as exc:
            result = error_result(self.assignment, student_id, self.device, str(exc), sha=exc.sha256, **common)
            result.seconds = time.monotonic() - started
            return result
        variant = self.variants.variant_of(self.assignment, student_id) if self.variants else None
        hidden_seed = self.variants.seed(self.assignment, variant) if self.variants else None
        submission = SandboxedSubmission(self.server, list(notebook.cells), self.assignment)
        try:
            submission.start()
            tests = self.checks.grade(submission, hidden_seed=hidden_seed)
        except SandboxError as exc:
            return error_result(self.assignment, student_id, self.device, f"the sandbox failed: {exc}",
                                sha=notebook.sha256, kind="internal", **common)
        finally:
            submission.close()
        raised = submission.cell_errors()
        cell_errors = [{"cell": cell.index, "grade_id": cell.grade_id, "error": res.error.summary(),
                        "where": res.error.traceback[-1] if res.error.traceback else ""}
                       for cell, res in raised[:MAX_CELL_ERRORS]]
        result = GradeResult(self.assignment, student_id, self.device, "graded", tests, sandbox=self.server.kind,
                             grader_version=__version__, notebook_sha256=notebook.sha256, cell_errors=cell_errors,
                             seed=self.settings.seed, variant=variant,
                             variant_key=self.variants.key if self.variants else None,
                             cell_error_count=len(raised), truncated=len(raised) > MAX_CELL_ERRORS)
        result.seconds = time.monotonic() - started
        return bound(result)


def run_grader(assignment: str, settings: Settings, work, *, public_only: bool = False,
               variants: HiddenVariants | None = None) -> None:
    """Start a sandbox server and a check session, and call ``work(grader)`` inside them.

    Hidden checks need the course secret (``variants``, else read from the course);
    ``public_only`` grading never touches it.
    """
    validate(assignment)
    device = settings.resolved_device()
    if not public_only and variants is None:
        variants = hidden_variants(settings)
    with ForkServer(settings.limits(), sandbox=settings.sandbox, cuda=device == "cuda") as server:
        check_session(assignment, lambda checks: work(Grader(assignment, settings, server, checks,
                                                             None if public_only else variants)),
                      device=device, seed=settings.seed, select=_selector(public_only))


def grade_notebook(path, assignment: str, settings: Settings, *, student_id=None, public_only=False,
                   variants: HiddenVariants | None = None) -> GradeResult:
    """Grade one notebook from scratch (starts and stops its own sandbox).

    Without a ``student_id`` the hidden checks use ``variants.DEFAULT_VARIANT``.
    """
    results = []
    run_grader(assignment, settings, lambda grader: results.append(grader.grade(path, student_id)),
               public_only=public_only, variants=variants)
    return results[0]
