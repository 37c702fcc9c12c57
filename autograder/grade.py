"""Grade one notebook: notebook → sandboxed run → checks → result record.

The steps, in order (each its own module):
    notebook.read_submission        which cells to run
    submission.SandboxedSubmission  run them in the sandbox; calls go through it
    runner.CheckSession             the assignment's pytest checks against the submission
    results.GradeResult             the record every sink (JSON, CSV, gradebook, HTML) reads,
                                    its size bounded (results.bound)

``Grader.open`` starts the sandbox server and the check session once per process;
``grader.grade(path, student_id)`` returns each notebook's result; ``close`` (or the end of
a ``with`` block) stops both. Hidden checks draw their inputs from the student's variant
(``variants.HiddenVariants``).
"""

from __future__ import annotations

import time
from contextlib import ExitStack

from . import __version__
from .course import Assignment, Course
from pcpt_portable.messages import sandbox_failed
from .notebook import NotebookError, read_submission, skippable_sources
from .results import MAX_CELL_ERRORS, ErrorKind, GradeResult, Outcome, Status, TestResult, bound
from .runner import CheckSession
from .sandbox import ForkServer, SandboxError
from .settings import Settings
from .submission import SandboxedSubmission
from .variants import HiddenVariants, hidden_variants


def _selector(public_only: bool):
    return (lambda meta: meta.get("visibility") == "public") if public_only else None


def error_result(assignment, student_id, device, reason, *, plan, sandbox="", sha=None, kind=ErrorKind.NOTEBOOK,
                 seed=None, variants: HiddenVariants | None = None) -> GradeResult:
    """A notebook that could not be graded: every check scores 0 and carries the reason.

    ``kind`` is ``NOTEBOOK`` when the file itself is the problem, ``INTERNAL`` when grading
    failed for another reason (a rerun of the batch grades it again).
    """
    tests = [TestResult(t.name, t.function, 0.0, t.max_points, Outcome.ERROR, reason, t.visibility) for t in plan]
    result = GradeResult(assignment, student_id, device, Status.ERROR, tests, error=reason, sandbox=sandbox,
                         grader_version=__version__, notebook_sha256=sha, error_kind=kind, seed=seed)
    if variants is not None:
        result.variant, result.variant_key = variants.variant_of(assignment, student_id), variants.key
    return bound(result)


SANDBOX_ATTEMPTS = 2   # a submission whose sandbox failed is graded once more in a fresh one


class Grader:
    """Grades notebooks of one assignment with one sandbox server and one pytest session.

    A sandbox failure (the server died, a student process was killed from outside, its
    processes could not be verified dead) is never the student's: the submission is graded
    again in a fresh server, then recorded as an ``internal`` error that a rerun regrades.
    A server that died or was left unclean is replaced before the next submission.
    ``variants`` is None only when no hidden check is selected (``check``: public checks).
    """

    def __init__(self, assignment: Assignment, settings: Settings, server: ForkServer, checks: CheckSession,
                 variants: HiddenVariants | None = None):
        self.assignment = assignment
        self.settings = settings
        self.variants = variants
        self.device = settings.device.type   # as results record it
        self.server = server
        self.checks = checks
        self.server_restarts = 0
        release = assignment.release_notebook
        self.skip = skippable_sources(release) if release.exists() else frozenset()

    @classmethod
    def open(cls, assignment: Assignment, settings: Settings, *, public_only: bool = False,
             variants: HiddenVariants | None = None) -> Grader:
        """Start a sandbox server and the assignment's check session.

        Hidden checks need the course secret (``variants``, else read from the course);
        ``public_only`` grading never touches it.
        """
        if not public_only and variants is None:
            variants = hidden_variants(settings, assignment.course)
        with ExitStack() as opened:
            # Launched before the check session: a sandbox that refuses to start (sandbox.launch.
            # require_isolation) says so itself, not as a pytest error. The server preloads torch
            # while pytest collects the checks; it is waited for once they are ready.
            server = _new_server(settings, assignment.course, wait=False)
            opened.callback(server.close)
            checks = opened.enter_context(CheckSession.open(assignment, device=settings.device,
                                                            seed=settings.seed, select=_selector(public_only)))
            server.wait_ready()
            grader = cls(assignment, settings, server, checks, None if public_only else variants)
            opened.pop_all()
        return grader

    def close(self) -> None:
        """Finish the check session and stop the sandbox server (the current one, if it was replaced)."""
        try:
            self.checks.close()
        finally:
            self.server.close()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _replace_server(self) -> None:
        try:
            self.server.close()
        except Exception:  # noqa: BLE001 - the old server may be half dead; its processes are killed anyway
            pass
        self.server = _new_server(self.settings, self.assignment.course)
        self.server_restarts += 1

    def _run(self, notebook, hidden_seed, started: float) -> tuple[list, SandboxedSubmission | None, str | None]:
        """Grade in the current server; (tests, submission, None) or (_, _, why the sandbox failed)."""
        if self.server.needs_restart or not self.server.alive:
            self._replace_server()
        self.server.begin()
        submission = SandboxedSubmission(self.server, list(notebook.cells), self.assignment,
                                         reference=self.checks.reference_runner, started=started)
        tests, fault = [], None
        try:
            submission.start()
            tests = self.checks.grade(submission, hidden_seed=hidden_seed)
        except SandboxError as exc:
            fault = str(exc)
        finally:
            submission.close()
        fault = fault or self.server.fault
        if fault:
            self.server.needs_restart = True
        return tests, submission, fault

    def grade(self, path, student_id: str | None = None, *, private_parts: int = 1,
              refused: str | None = None) -> GradeResult:
        """``private_parts``: the parts of ``path`` that must not be links (``notebook.read_own_file``);
        ``refused``: why the notebook was not read where it was submitted (the Dask client reads it)."""
        started = time.monotonic()
        common = dict(plan=self.checks.plan(), sandbox=self.server.kind, seed=self.settings.seed,
                      variants=self.variants)
        try:
            if refused:
                raise NotebookError(refused)
            notebook = read_submission(path, self.skip, private_parts=private_parts)
        except NotebookError as exc:
            result = error_result(self.assignment.name, student_id, self.device, str(exc), sha=exc.sha256, **common)
            result.seconds = time.monotonic() - started
            return result
        variant = self.variants.variant_of(self.assignment.name, student_id) if self.variants else None
        hidden_seed = self.variants.seed(self.assignment.name, variant) if self.variants else None
        faults = []
        for _ in range(SANDBOX_ATTEMPTS):
            try:
                tests, submission, fault = self._run(notebook, hidden_seed, started)
            except SandboxError as exc:  # a new server could not be started
                tests, submission, fault = [], None, str(exc)
            if not fault:
                break
            faults.append(fault)
        else:
            result = error_result(self.assignment.name, student_id, self.device,
                                  sandbox_failed(faults),
                                  sha=notebook.sha256, kind=ErrorKind.INTERNAL, **common)
            result.seconds = time.monotonic() - started
            return result
        raised = submission.cell_errors()
        cell_errors = [{"cell": cell.index, "grade_id": cell.grade_id, "label": cell.label,
                        "error": res.error.summary(), "where": res.error.traceback[-1] if res.error.traceback else ""}
                       for cell, res in raised[:MAX_CELL_ERRORS]]
        result = GradeResult(self.assignment.name, student_id, self.device, Status.GRADED, tests, sandbox=self.server.kind,
                             grader_version=__version__, notebook_sha256=notebook.sha256, cell_errors=cell_errors,
                             seed=self.settings.seed, variant=variant,
                             variant_key=self.variants.key if self.variants else None,
                             cell_error_count=len(raised), truncated=len(raised) > MAX_CELL_ERRORS)
        result.seconds = time.monotonic() - started
        return bound(result)


def _new_server(settings: Settings, course: Course, *, wait: bool = True) -> ForkServer:
    return ForkServer(settings.limits(), sandbox=settings.sandbox, cuda=settings.device.type == "cuda", wait=wait,
                      course=course)


def grade_notebook(path, assignment: Assignment, settings: Settings, *, student_id=None, public_only=False,
                   variants: HiddenVariants | None = None) -> GradeResult:
    """Grade one notebook from scratch (starts and stops its own sandbox).

    Without a ``student_id`` the hidden checks use ``variants.DEFAULT_VARIANT``.
    """
    with Grader.open(assignment, settings, public_only=public_only, variants=variants) as grader:
        return grader.grade(path, student_id)
