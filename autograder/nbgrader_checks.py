"""The hidden-test cells of the instructor notebooks call ``run_hidden_checks``.

When an instructor runs a source notebook in Jupyter, these cells run the very checks
our grader runs, on the same seeded inputs, in-process against the functions the
notebook's kernel defines (a quick look at the checks while writing the lesson). Grading
never goes this way: ``nbgrader autograde`` executes no notebook on this course, its
autograde step is our sandboxed grader (``autograder.nbgrader_autograde``, set in
``nbgrader_config.py``), which fills these cells' outputs with its result.
The student's hidden-input variant comes from the folder the notebook runs in
(``autograded/<student>/<assignment>/``); elsewhere the default variant is used, as by
``grade`` without a student id.

nbgrader gives a test cell partial credit when its value is a number, and zero when
it writes to stderr; so the report goes to stdout and the cell's value is the points
earned.
"""

from __future__ import annotations

import sys
import warnings
from contextlib import redirect_stderr
from pathlib import Path

from .course import Course
from .runner import CheckSession
from .settings import load_settings
from .submission import InProcessSubmission
from .variants import hidden_variants


class Points(float):
    """The points a hidden-test cell earned (shown as a bare number, which nbgrader reads)."""

    def __repr__(self) -> str:
        return f"{float(self):g}"


def autograded_student(assignment: str, cwd: Path | None = None) -> str | None:
    """The student whose notebook nbgrader autograde runs here (it runs each notebook in
    ``autograded/<student>/<assignment>/``), or None elsewhere."""
    cwd = (cwd or Path.cwd()).resolve()
    if cwd.name == assignment and cwd.parent.parent.name == "autograded":
        return cwd.parent.name
    return None


def run_hidden_checks(assignment: str, function: str, namespace: dict) -> Points:
    """Run the hidden checks of ``function`` on the notebook's own definition of it.

    Called from a hidden-test cell of the notebook: an entry point, where the course is resolved."""
    course = Course.find().importable()
    found = course.assignment(assignment)
    settings = load_settings(course=course)
    variants = hidden_variants(settings, course)
    hidden_seed = variants.seed(assignment, variants.variant_of(assignment, autograded_student(assignment)))
    submission = InProcessSubmission(namespace, found)

    def hidden_checks_of_function(meta: dict) -> bool:
        return meta["function"] == function and meta.get("visibility") == "hidden"

    with redirect_stderr(sys.stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with CheckSession.open(found, device=settings.device, seed=settings.seed,
                               select=hidden_checks_of_function) as checks:
            results = checks.grade(submission, hidden_seed=hidden_seed)
    earned = sum(r.points for r in results)
    possible = sum(r.max_points for r in results)
    print(f"Hidden checks for {function}: {earned:g} / {possible:g} points")
    for result in results:
        print(f"  [{result.outcome}] {result.name} ({result.points:g}/{result.max_points:g})")
        if result.message:
            print("    " + result.message.replace("\n", "\n    "))
    return Points(earned)
