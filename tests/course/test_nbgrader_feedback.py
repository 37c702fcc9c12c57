"""Our feedback reaches a student through nbgrader's own commands and exchange.

The whole round trip in a throw-away course and exchange: the instructor releases, the
student fetches, works (a corpus case with a plotted mistake) and submits, the instructor
collects and grades with our batch, then ``nbgrader generate_feedback`` and
``release_feedback``; the student's ``fetch_feedback`` brings back a page with our
messages, our plots and our comments, and nothing of the hidden checks beyond them.
A second student's exceptions carry HTML, a ``javascript:`` link and stray backticks
(``tests/corpus_hostile``): their page quotes the text and holds no tag or link of theirs.
"""

import re
import shutil
from html import unescape

import pytest

from tests.helpers import corpus
from tests.helpers.course import COURSE, PROJECT_ROOT, corpus_dir, shared_settings
from autograder.batch import run_batch
from autograder.release import copy_course, run_nbgrader
from autograder.samples import write_sample
from autograder.sinks import publish

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
ASSIGNMENT = "linear_regression"
CASE = "autograd_not_cleared"
HOSTILE_CASE = "hostile_17_7_html_in_messages"
# What the hostile case's exceptions would make active if written into nbgrader's pages as they are.
STUDENT_MARKUP = re.compile(r"<img src=x|<script>alert|<b>bold|<iframe|href=\"?javascript:|<[^>]*onerror=", re.I)


def nbgrader(args, cwd, exchange, cache):
    done = run_nbgrader([*args, f"--Exchange.root={exchange}", f"--Exchange.cache={cache}",
                         "--CourseDirectory.course_id=pcpt-autograd"], cwd)
    assert done.returncode == 0, (args, done.stderr[-3000:])
    return done


def test_students_fetch_our_feedback_with_nbgraders_commands(tmp_path):
    course = copy_course(tmp_path / "course", PROJECT_ROOT)
    exchange, cache, home = tmp_path / "exchange", tmp_path / "cache", tmp_path / "student"
    for folder in (exchange, cache, home):
        folder.mkdir()
    exchange.chmod(0o777)
    db = f"sqlite:///{course / 'gradebook.db'}"

    # instructor: release
    nbgrader(["generate_assignment", ASSIGNMENT, "--force", f"--db={db}"], course, exchange, cache)
    nbgrader(["release_assignment", ASSIGNMENT], course, exchange, cache)
    # student: fetch, work, submit
    nbgrader(["fetch_assignment", ASSIGNMENT], home, exchange, cache)
    work = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert work.exists()
    write_sample(corpus_dir(ASSIGNMENT) / f"{CASE}.py", COURSE.assignment(ASSIGNMENT), work)
    nbgrader(["submit", ASSIGNMENT], home, exchange, cache)
    # instructor: collect, grade with our batch, generate and release the feedback
    nbgrader(["collect", ASSIGNMENT], course, exchange, cache)
    [student] = [p.name for p in (course / "submitted").iterdir()]
    [hostile] = [c for c in corpus.cases(ASSIGNMENT, corpus.HOSTILE) if c.name == HOSTILE_CASE]
    corpus.build(hostile, course / "submitted" / "mallory" / ASSIGNMENT)
    (course / "submitted" / "mallory" / ASSIGNMENT / "timestamp.txt").write_text("2026-01-01 12:00:00.000000 UTC")
    summary = run_batch(course / "submitted", COURSE.assignment(ASSIGNMENT), shared_settings(device="cpu", workers=1),
                        course / "grading" / ASSIGNMENT)
    publish(summary, grading=COURSE, gradebook=db, feedback=False, submitted=course / "submitted")
    nbgrader(["generate_feedback", ASSIGNMENT], course, exchange, cache)
    hostile_page = course / "feedback" / "mallory" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    page = hostile_page.read_text()
    shutil.rmtree(hostile_page.parent.parent)   # mallory submitted without the exchange: nothing to release to
    nbgrader(["release_feedback", ASSIGNMENT], course, exchange, cache)
    # student: fetch the feedback
    nbgrader(["fetch_feedback", ASSIGNMENT], home, exchange, cache)
    pages = list((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert len(pages) == 1, list((home / ASSIGNMENT).rglob("*"))
    html = pages[0].read_text()

    result = summary.results[student]
    assert re.search(rf"Score: {result.score:g}(\.0+)? / 20", html), re.findall(r"Score: [^<]*", html)[:3]
    failing = [t for t in result.tests if t.outcome != "passed"]
    assert failing
    for test in failing:   # messages (printed by the test cells) and comments (under solution cells)
        first = test.message.splitlines()[0].split("`")[-1].strip()
        assert first and first in html, first
    assert "Comments:" in html
    plots = [t for t in result.tests if t.visibility == "public" and t.details]
    assert plots and html.count("data:image/png;base64,") >= len(plots)
    # nothing of the checks' code, inputs or the reference solutions beyond our messages
    checks = (PROJECT_ROOT / "assignments" / ASSIGNMENT / "checks.py").read_text()
    code = {ln.strip() for ln in checks.splitlines()
            if len(ln.strip()) > 30 and not ln.strip().startswith("#") and not {'"', "'"} & set(ln)}
    assert code and not [line for line in code if line in unescape(html)]
    assert "### BEGIN SOLUTION" not in html
    # the hostile student's page quotes what their code raised, as text only
    assert "onerror=alert(document.domain)" in unescape(page) and "&lt;script&gt;alert(2)" in page
    assert not STUDENT_MARKUP.search(page), STUDENT_MARKUP.findall(page)
    shutil.rmtree(exchange)
