"""nbgrader's autograde step, done by our sandboxed grader.

``nbgrader autograde`` sanitises each submission (outputs cleared, locked cells restored
from the source, ...), then runs its ``Execute`` preprocessor, which executes the whole
notebook in a Jupyter kernel, and ``SaveAutoGrades``, which reads each test cell's
outputs into the gradebook. The course's ``nbgrader_config.py`` puts
``SandboxedGrading`` in place of ``Execute``: no student code runs in nbgrader's
kernel; our grader's result for the notebook becomes the outputs of its test cells
(the check messages as text and as wrapped HTML, the plots of public checks as images, the points
as the cell's value, which nbgrader reads as partial credit), and ``SaveAutoComments``,
after ``SaveAutoGrades``, writes our feedback as each solution cell's automatic comment.
So ``nbgrader autograde``, formgrader's Autograde button and our batch (whose gradebook
sink runs the same converter) give the same autograded notebook and the same gradebook
rows, and ``nbgrader generate_feedback`` renders our feedback.

Where the result comes from: a result of our batch (``grading/<assignment>/results``)
that is up to date for the submitted file (same sha256, grader version, device and
seed) is used as it is; otherwise every submission of the run that lacks one is graded
once, together, by ``python -m autograder batch`` in a child process (its own sandbox
and workers; nbgrader's process only reads the JSON results back).
"""

from __future__ import annotations

import glob
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from nbformat.notebooknode import NotebookNode, from_dict
from traitlets import Bool, Unicode

from nbgrader import utils as nbgrader_utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from .course import Course
from .errors import AutograderError
from .results import GradeResult, Outcome, Status, TestResult

RESULT_KEY = "pcpt_result"   # the result travels to SaveAutoComments in nbconvert's resources

# nbgrader's autograde preprocessors (nbgrader 0.9) with ours in place of Execute.
AUTOGRADE_PREPROCESSORS = [
    "autograder.nbgrader_autograde.SandboxedGrading",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "autograder.nbgrader_autograde.SaveAutoComments",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


class AutogradeError(AutograderError, RuntimeError):
    """No result could be had for a submission (nbgrader records the failure for that student)."""

    exit_status = 1


def cell_for(test: TestResult) -> str:
    """The nbgrader test cell a check belongs to: ``test_<f>`` (public) or ``hidden_test_<f>``."""
    return f"test_{test.function}" if test.visibility == "public" else f"hidden_test_{test.function}"


def check_report(title: str, tests: list[TestResult]) -> str:
    """The printed report of a group of checks (what a test cell shows)."""
    earned, possible = sum(t.points for t in tests), sum(t.max_points for t in tests)
    lines = [f"{title}: {earned:g} / {possible:g} points"]
    for test in tests:
        lines.append(f"  [{test.outcome}] {test.name} ({test.points:g}/{test.max_points:g})")
        if test.message and test.outcome != Outcome.PASSED:
            lines.append("    " + test.message.replace("\n", "\n    "))
    return "\n".join(lines) + "\n"


# The report as HTML too: formgrader and generate_feedback show it with code spans rendered and
# long lines wrapped (a plain-text stream is a <pre> that runs past the page's right edge).
REPORT_STYLE = "white-space:pre-wrap;overflow-wrap:anywhere;font-family:monospace;font-size:90%;margin:0"


def check_report_html(text: str) -> str:
    """``check_report``'s text as HTML: escaped (``message_html``), `code spans` as code, wrapped."""
    from .sinks.html import message_html

    return f'<div class="pcpt-checks" style="{REPORT_STYLE}">{message_html(text)}</div>'


_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_MARKDOWN_ACTIVE = re.compile(r"([\\`<>\[\]])")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as that very text: its `code spans` stay code, and no character
    of it can open a tag, a link or an image.

    nbgrader renders comments with ``markdown2html``, which passes raw HTML and ``javascript:``
    links through; our messages quote what the student's code raised or returned. Outside our
    code spans every character Markdown could make active (backslash, backtick, ``<``, ``>``,
    brackets) is backslash-escaped, so a stray backtick cannot move a span's boundary; inside a
    span Markdown escapes the text itself.
    """
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_MARKDOWN_ACTIVE.sub(r"\\\1", text[last:span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_MARKDOWN_ACTIVE.sub(r"\\\1", text[last:]))
    return "".join(parts)


def function_comments(result: GradeResult) -> dict[str, str | None]:
    """``{function: comment}``: the distinct messages of its checks that lost points, as Markdown
    (``markdown_text``: nothing a student's code wrote can become HTML where nbgrader shows it)."""
    messages: dict[str, list[str]] = defaultdict(list)
    for test in result.tests:
        if result.status == Status.ERROR:
            messages[test.function] = [f"Not graded: {result.error}"]
        elif test.outcome != Outcome.PASSED and test.message:
            messages[test.function].append(test.message)
    return {function: markdown_text("\n\n".join(dict.fromkeys(messages[function]))) or None
            for function in dict.fromkeys(t.function for t in result.tests)}


def _png(data_uri: str) -> str | None:
    prefix = "data:image/png;base64,"
    return data_uri[len(prefix):] if data_uri.startswith(prefix) else None


def _plots(tests: list[TestResult], course: Course, assignment: str) -> list[dict]:
    from .sinks.plots import details_figures

    outputs = []
    for test in tests:
        if test.visibility != "public" or not test.details:
            continue
        for picture in details_figures(test.details, course, assignment):
            png = _png(picture)
            if png:
                outputs.append({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": png, "text/plain": f"<plot: {test.name}>"}})
    return outputs


def grade_cell_outputs(grade_id: str, tests: list[TestResult], result: GradeResult, course: Course) -> list[dict]:
    """The outputs of one test cell: the report, public plots, and the points as the cell's value."""
    if not tests:
        text = f"No check of the grader belongs to the cell {grade_id}; it scores 0.\n"
        points = 0.0
    else:
        kind = "Public checks" if grade_id.startswith("test_") else "Hidden checks"
        text = check_report(f"{kind} for {tests[0].function}", tests)
        if result.status == Status.ERROR:
            text = f"Your notebook could not be graded: {result.error}\n" + text
        points = sum(t.points for t in tests)
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"text/html": check_report_html(text), "text/plain": text}}]
    outputs += _plots(tests, course, result.assignment)
    outputs.append({"output_type": "execute_result", "execution_count": None, "metadata": {},
                    "data": {"text/plain": repr(float(points))}})
    return [from_dict(output) for output in outputs]


def fill_notebook(nb: NotebookNode, result: GradeResult, course: Course) -> NotebookNode:
    """Put ``result`` into the sanitised notebook: test cells get their outputs, cells that
    raised in grading get the error, so formgrader and the feedback show both."""
    by_cell: dict[str, list[TestResult]] = defaultdict(list)
    for test in result.tests:
        by_cell[cell_for(test)].append(test)
    errors = {e.get("cell"): e for e in result.cell_errors}
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")   # nbgrader's OverwriteCells drops an id the release does not have
        if grade_id and nbgrader_utils.is_grade(cell) and not nbgrader_utils.is_solution(cell):
            cell.outputs = grade_cell_outputs(grade_id, by_cell.get(grade_id, []), result, course)
        elif index in errors:
            error = errors[index]
            text = (f"In grading, this cell raised {error['error']}\n"
                    + (f"  {error['where']}\n" if error.get("where") else ""))
            cell.outputs = [from_dict({"output_type": "display_data", "metadata": {},
                                       "data": {"text/html": check_report_html(text), "text/plain": text}})]
    return nb


def notebook_shown(nb: NotebookNode, result: GradeResult, course: Course) -> NotebookNode:
    """What nbgrader keeps as the autograded notebook (formgrader, feedback): the release where our
    grader did not read the submitted file (a link, not a regular file, over the size limit), since
    nbgrader itself reads through a link, e.g. to another student's notebook."""
    if result.status != Status.ERROR or result.notebook_sha256 is not None:
        return nb
    import nbformat

    return nbformat.read(str(course.assignment(result.assignment).release_notebook), as_version=4)


class SandboxedGrading(NbGraderPreprocessor):
    """In place of nbgrader's ``Execute``: our grader's result becomes the test cells' outputs."""

    results_dir = Unicode(
        "grading/{assignment}/results",
        help="Where our batch's results are ({assignment} is filled in; relative to the course root).",
    ).tag(config=True)

    trust_results = Bool(
        False,
        help="Use the result found for the student even when it was not made from this very file "
             "(our batch sets this: it just graded the files, and stands in the release for unreadable ones).",
    ).tag(config=True)

    course_root = Unicode(
        "",
        help="The grading course's folder (our batch sets it; empty: found as `python -m autograder` finds it).",
    ).tag(config=True)

    _graded: dict[tuple[str, str, str], GradeResult] = {}   # (assignment, student, sha256) → result, per process

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        assignment, student = info["assignment"], info["student"]
        course = self._course()
        result = self._result(course, assignment, student, info["notebook"])
        resources[RESULT_KEY] = result.to_dict()
        return fill_notebook(notebook_shown(nb, result, course), result, course), resources

    def _course(self) -> Course:
        """The grading course, resolved once per preprocessor (nbgrader's entry into the engine)."""
        if getattr(self, "_found", None) is None:
            self._found = (Course.at(self.course_root) if self.course_root else Course.find()).importable()
        return self._found

    # -- finding or making the result ------------------------------------------------------

    def _coursedir(self):
        owner = self.parent
        while owner is not None and getattr(owner, "coursedir", None) is None:
            owner = getattr(owner, "parent", None)
        if owner is None:
            raise AutogradeError("SandboxedGrading runs inside nbgrader autograde only")
        return owner.coursedir

    def _submitted(self, coursedir, assignment: str, student: str, notebook: str) -> Path:
        return Path(coursedir.format_path(coursedir.submitted_directory, student, assignment)) / f"{notebook}.ipynb"

    def _stored(self, coursedir, assignment: str, student: str) -> GradeResult | None:
        folder = Path(self.results_dir.format(assignment=assignment))
        path = (folder if folder.is_absolute() else Path(coursedir.root) / folder) / f"{student}.json"
        try:
            return GradeResult.from_dict(json.loads(path.read_text()))
        except (OSError, ValueError, KeyError):
            return None

    def _result(self, course: Course, assignment: str, student: str, notebook: str) -> GradeResult:
        coursedir = self._coursedir()
        stored = self._stored(coursedir, assignment, student)
        if self.trust_results:
            if stored is None:
                raise AutogradeError(f"no result of the batch for {student}")
            return stored
        from .batch import Task, _sha256, up_to_date
        from .settings import load_settings
        from .variants import hidden_variants

        settings = load_settings(course=course)
        self._variants = hidden_variants(settings, course)
        device = settings.device.type
        path = self._submitted(coursedir, assignment, student, notebook)
        if up_to_date(stored, Task(student, path), settings, device, self._variants, assignment):
            return stored
        key = (assignment, student, _sha256(path) or "")
        if key not in self._graded:
            self._grade_pending(coursedir, assignment, notebook, settings, device, must=(student, path))
        if key not in self._graded:
            raise AutogradeError(f"our grader returned no result for {student}")
        return self._graded[key]

    def _grade_pending(self, coursedir, assignment, notebook, settings, device, must) -> None:
        """Grade, in one child batch, this submission and every other one of the run without a result."""
        from .batch import Task, _sha256, up_to_date

        pending = dict([must])
        pattern = coursedir.format_path(coursedir.submitted_directory, coursedir.student_id, assignment)
        for folder in sorted(Path(p) for p in glob.glob(pattern)):
            student = folder.parent.name   # <submitted>/<student>/<assignment>
            path = folder / f"{notebook}.ipynb"
            if not path.exists() or (assignment, student, _sha256(path) or "") in self._graded:
                continue
            if not up_to_date(self._stored(coursedir, assignment, student), Task(student, path), settings, device,
                             self._variants, assignment):
                pending[student] = path
        with tempfile.TemporaryDirectory(prefix="pcpt-autograde-") as scratch:
            submitted = Path(scratch) / "submitted"
            for student, path in pending.items():
                _mirror(path, submitted / student / assignment / path.name)
            out = Path(scratch) / "out"
            self.log.info("Grading %d submission(s) of %s in the sandbox", len(pending), assignment)
            done = subprocess.run([sys.executable, "-m", "autograder", "batch", str(submitted),
                                   "--assignment", assignment, "--out", str(out), "--no-gradebook", "--no-feedback"],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise AutogradeError(f"our grader failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
            for student, path in pending.items():
                try:
                    result = GradeResult.from_dict(json.loads((out / "results" / f"{student}.json").read_text()))
                except (OSError, ValueError, KeyError):
                    continue
                self._graded[(assignment, student, _sha256(path) or "")] = result


def _mirror(path: Path, target: Path) -> None:
    """Put a copy of the submitted notebook at ``target`` for the child batch, read as the batch reads
    it (``notebook.read_own_file``). What it refuses is mirrored, never read, so that the batch refuses
    it with its own message: a link stays a link (the notebook's or its folder's), a file over the
    size limit becomes an empty file of that size, anything else but a file a folder; a missing
    notebook stays missing."""
    from .notebook import SUBMISSION_DEPTH, NotebookError, read_own_file

    target.parent.parent.mkdir(parents=True)
    try:
        raw = read_own_file(path, SUBMISSION_DEPTH)
    except NotebookError:
        if path.parent.is_symlink() or path.parent.parent.is_symlink():
            target.parent.symlink_to(path.parent, target_is_directory=True)
            return
        target.parent.mkdir()
        if path.is_symlink():
            target.symlink_to(path)
        elif path.is_file():
            with open(target, "wb") as sparse:
                sparse.truncate(path.stat().st_size)
        elif path.exists():
            target.mkdir()
        return
    target.parent.mkdir()
    target.write_bytes(raw)


class SaveAutoComments(NbGraderPreprocessor):
    """After ``SaveAutoGrades``: our feedback per graded function as its solution cell's automatic
    comment (an unchanged solution cell keeps nbgrader's own "No response.")."""

    def preprocess(self, nb, resources):
        data = resources.get(RESULT_KEY)
        if data is None:
            return nb, resources
        comments = function_comments(GradeResult.from_dict(data))
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            for cell in nb.cells:
                if not nbgrader_utils.is_solution(cell):
                    continue
                grade_id = cell.metadata["nbgrader"]["grade_id"]
                if grade_id not in comments:
                    continue
                comment = gradebook.find_comment(grade_id, info["notebook"], info["assignment"], info["student"])
                unchanged = cell.metadata["nbgrader"].get("checksum") == nbgrader_utils.compute_checksum(cell)
                if unchanged and not (comments[grade_id] or "").startswith("Not graded"):
                    continue   # nbgrader's "No response."
                comment.auto_comment = comments[grade_id]
            gradebook.db.commit()
        return nb, resources

    def preprocess_cell(self, cell, resources, index):  # pragma: no cover - preprocess does the work
        return cell, resources
