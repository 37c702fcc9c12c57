"""After our batch, nbgrader and formgrader see every submission as autograded, with our scores and comments.

One throw-away course: six students (solution, unchanged release, a misconception with a
submission timestamp, an unreadable file, an empty folder, a solution whose nbgrader metadata
was tampered with) graded by ``run_batch`` and
published into the course's gradebook; nbgrader's own API, the autograded notebooks, a
real formgrader in headless Chromium, and a forced rerun over manual grades are checked.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import nbformat
import pytest

from tests.helpers.course import COURSE, PROJECT_ROOT, corpus_dir, release_notebook, shared_settings, source_notebook
from autograder.batch import run_batch
from autograder.nbgrader_autograde import AUTOGRADE_PREPROCESSORS, markdown_text
from autograder.release import copy_course, nbgrader_env
from autograder.samples import write_sample
from autograder.sinks import publish
from autograder.sinks.gradebook import cell_scores

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
ASSIGNMENT = "linear_regression"
STAMP = "2026-12-01 10:00:00.000000 UTC"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def make_submissions(submitted):
    folder = lambda student: submitted / student / ASSIGNMENT  # noqa: E731
    for student, notebook in (("ann", source_notebook(ASSIGNMENT)), ("bob", release_notebook(ASSIGNMENT))):
        folder(student).mkdir(parents=True)
        shutil.copy(notebook, folder(student) / f"{ASSIGNMENT}.ipynb")
    write_sample(corpus_dir(ASSIGNMENT) / "autograd_not_cleared.py", COURSE.assignment(ASSIGNMENT), folder("dan") / f"{ASSIGNMENT}.ipynb")
    (folder("dan") / "timestamp.txt").write_text(STAMP)
    folder("eve").mkdir(parents=True)
    (folder("eve") / f"{ASSIGNMENT}.ipynb").write_text("{ not json")
    folder("fay").mkdir(parents=True)
    tampered(source_notebook(ASSIGNMENT), folder("gus") / f"{ASSIGNMENT}.ipynb")


def tampered(solution, path):
    """The solution with its nbgrader metadata tampered with (each of these stopped nbgrader's autograde)."""
    nb = nbformat.read(str(solution), as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    nb.cells.append(nbformat.from_dict(json.loads(json.dumps(by_id["test_mse_loss"]))))   # a duplicated test cell
    by_id["test_mse_loss"].metadata.nbgrader["points"] = 100                                # changed points
    by_id["mse_loss"].metadata.nbgrader.update(grade=True, points=5)                        # a solution made a grade cell
    plain = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)
    plain.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 10, "solution": False,
                                  "locked": False, "schema_version": 3}                    # a new grade cell
    path.parent.mkdir(parents=True)
    nbformat.write(nb, str(path))


def grade_course(course, force=False):
    summary = run_batch(course / "submitted", COURSE.assignment(ASSIGNMENT), shared_settings(device="cpu", workers=2),
                        course / "grading" / ASSIGNMENT, force=force)
    lines = publish(summary, grading=COURSE, gradebook=f"sqlite:///{course / 'gradebook.db'}", feedback=False,
                    submitted=course / "submitted")
    return summary, lines


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("formgrader") / "course", PROJECT_ROOT)
    make_submissions(course / "submitted")
    summary, lines = grade_course(course)
    return course, summary, lines


def api(course):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    os.environ["PATH"] = nbgrader_env()["PATH"]
    return NbGraderAPI(coursedir=CourseDirectory(root=str(course)))


def gradebook(course):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{course / 'gradebook.db'}")


def test_the_course_config_uses_our_autograde_preprocessors():
    from traitlets.config import Config

    config = Config()
    source = (PROJECT_ROOT / "nbgrader_config.py").read_text()
    exec(compile(source, "nbgrader_config.py", "exec"), {"get_config": lambda: config, "__file__": "nbgrader_config.py"})
    assert list(config.Autograde.autograde_preprocessors) == AUTOGRADE_PREPROCESSORS
    assert "autograder.nbgrader_autograde.SandboxedGrading" in AUTOGRADE_PREPROCESSORS
    assert "nbgrader.preprocessors.Execute" not in AUTOGRADE_PREPROCESSORS   # no student code in nbgrader's kernel


def test_nbgrader_lists_every_submission_as_autograded_with_our_score(graded):
    course, summary, lines = graded
    assert any("formgrader" in line for line in lines), lines
    submissions = {s["student"]: s for s in api(course).get_submissions(ASSIGNMENT)}
    assert set(submissions) == {"ann", "bob", "dan", "eve", "fay", "gus"}
    for student, result in summary.results.items():
        row = submissions[student]
        assert row["autograded"] and row["submitted"], row
        assert (row["score"], row["max_score"]) == (pytest.approx(result.score), 20), student
        assert not row["needs_manual_grade"], student
    assert api(course).get_autograded_students(ASSIGNMENT) == set(summary.results)


def test_gradebook_rows_hold_our_cell_scores_comments_and_timestamps(graded):
    course, summary, _ = graded
    with gradebook(course) as gb:
        for student, result in summary.results.items():
            notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            assert {g.name: g.auto_score for g in notebook.grades} == pytest.approx(cell_scores(result)), student
            assert not any(g.needs_manual_grade for g in notebook.grades), student
        dan = gb.find_submission(ASSIGNMENT, "dan")
        assert dan.timestamp == datetime(2026, 12, 1, 10, 0, 0)
        comments = {c.name: c.auto_comment for c in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "dan").comments}
        failing = [t for t in summary.results["dan"].tests if t.outcome != "passed"]
        assert failing and {t.function for t in failing} == {f for f, text in comments.items() if text}
        for test in failing:
            assert markdown_text(test.message) in comments[test.function]
        eve = {c.name: c.auto_comment for c in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "eve").comments}
        assert all("not a valid Jupyter notebook" in text for text in eve.values()), eve
        bob = {c.name: c.auto_comment for c in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "bob").comments}
        assert set(bob.values()) == {"No response."}   # nbgrader's own word for an untouched stub


def test_tampered_nbgrader_metadata_is_restored_from_the_release_and_recorded(graded):
    """gus's notebook stopped nbgrader's autograde (KeyError 'grade_id', MissingEntry): the gradebook
    said 0 while grades.csv had full marks, and the batch said "gradebook: not written" for everyone."""
    course, summary, lines = graded
    gus = summary.results["gus"]
    assert gus.score == gus.max_score and not any("not written" in line for line in lines), lines
    with gradebook(course) as gb:
        assert gb.find_submission(ASSIGNMENT, "gus").score == gus.max_score
    recorded = json.loads((course / "grading" / ASSIGNMENT / "results" / "gus.json").read_text())["metadata_restored"]
    assert recorded == gus.metadata_restored
    text = "\n".join(recorded)
    for what in ("(test_mse_loss): points 100 restored to 2", "(mse_loss): grade True restored to False",
                 "'bonus' is not a cell of the release", "'test_mse_loss' repeats"):
        assert what in text, recorded
    assert summary.results["ann"].metadata_restored == []


def test_autograded_notebooks_carry_our_results_in_their_test_cells(graded):
    course, summary, _ = graded
    for student, result in summary.results.items():
        nb = nbformat.read(course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}
        for cell_id, points in cell_scores(result).items():
            values = [o for o in cells[cell_id].outputs if o.output_type == "execute_result"]
            assert [float(o.data["text/plain"]) for o in values] == [points], (student, cell_id)
        if student == "dan":
            text = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", []))
            assert all(t.message.splitlines()[0] in text for t in result.tests if t.outcome != "passed")
            images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
            assert len(images) == sum(1 for t in result.tests if t.visibility == "public" and t.details)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def formgrader(graded):
    course = graded[0]
    port = _free_port()
    log = open(course.parent / "jupyter.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", "--IdentityProvider.token=", "--PasswordIdentityProvider.hashed_password=",
         f"--ServerApp.root_dir={course}"],
        cwd=course, stdout=log, stderr=subprocess.STDOUT, env=nbgrader_env())
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/formgrader/api/assignments", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("jupyter server did not start: " + (course.parent / "jupyter.log").read_text()[-2000:])
        if server.poll() is not None:
            pytest.fail("jupyter server exited: " + (course.parent / "jupyter.log").read_text()[-2000:])
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps)")
def test_formgrader_shows_our_scores_and_comments(graded, formgrader, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    course, summary, _ = graded
    with gradebook(course) as gb:
        dan_notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "dan").id
        gb.update_or_create_student("dan", first_name="Dan", last_name="Brown")   # as `nbgrader db student add`
    dan = summary.results["dan"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{formgrader}/formgrader/manage_submissions/{ASSIGNMENT}")
            page.wait_for_selector("td.score:has-text('/')")
            page.screenshot(path=str(tmp_path / "manage_submissions.png"), full_page=True)
            rows = {page.locator("tr", has_text=s).first.inner_text() for s in summary.results}
            assert not any("needs autograding" in row for row in rows), rows
            dan_row = page.locator("tr", has_text="dan").first.inner_text()
            assert f"{dan.score:g} / {dan.max_score:g}" in dan_row, dan_row
            # the gradebook's name and the submission's timestamp.txt, as in a stock nbgrader course
            assert "Brown, Dan" in dan_row and "2026-12-01 10:00:00" in dan_row, dan_row

            # formgrader's Autograde button runs our grader: same score, our comments kept
            page.locator("tr", has_text="dan").first.locator("td.autograde a").click()
            page.wait_for_selector("#success-modal, #error-modal", timeout=300_000)
            page.screenshot(path=str(tmp_path / "autograde_button.png"), full_page=True)
            assert page.locator("#success-modal").count() == 1, page.inner_text("body")[-2000:]
            with gradebook(course) as gb:
                notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "dan")
                assert {g.name: g.auto_score for g in notebook.grades} == pytest.approx(cell_scores(dan))
                assert {c.name for c in notebook.comments if c.auto_comment} == \
                    {t.function for t in dan.tests if t.outcome != "passed"}

            page.goto(f"{formgrader}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
            page.wait_for_selector("td:has-text('dan'), td:has-text('Submission')")
            assert "No data available" not in page.inner_text("body")

            page.goto(f"{formgrader}/formgrader/submissions/{dan_notebook}/")
            page.wait_for_selector("textarea.comment")
            page.screenshot(path=str(tmp_path / "submission.png"), full_page=True)
            placeholders = page.eval_on_selector_all("textarea.comment", "els => els.map(e => e.placeholder)")
            failing = [t for t in dan.tests if t.outcome != "passed"]
            assert any(failing[0].message.splitlines()[0] in text for text in placeholders), placeholders
            assert failing[0].message.splitlines()[0].split("`")[0] in page.inner_text("body")
            assert (tmp_path / "submission.png").stat().st_size > 10_000
            # our reports are rendered (code spans as code, no raw backticks) and wrapped at 1280 px
            reports = page.eval_on_selector_all("div.pcpt-checks", "els => els.map(e => [e.innerText, "
                                                "e.querySelectorAll('code').length])")
            assert reports and any(codes for _, codes in reports), reports
            assert not any("`" in text for text, _ in reports), reports
            clipped = page.eval_on_selector_all(
                ".output_subarea, .output_subarea pre, .output_area, .output_wrapper, div.pcpt-checks",
                "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)")
            assert not clipped, clipped
        finally:
            browser.close()


def test_a_forced_rerun_keeps_manual_scores_comments_and_extra_credit(graded):
    course, summary, _ = graded
    cell = "hidden_test_train_linear_regression_autograd"
    with gradebook(course) as gb:
        grade = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, "dan")
        auto = grade.auto_score
        grade.manual_score = 2.5
        grade.extra_credit = 1.0
        comment = gb.find_comment("train_linear_regression_autograd", ASSIGNMENT, ASSIGNMENT, "dan")
        comment.manual_comment = "Seen in office hours: see me."
        gb.db.commit()
    rerun, _ = grade_course(course, force=True)
    assert sorted(rerun.graded) == sorted(summary.results)   # everything was regraded
    with gradebook(course) as gb:
        grade = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, "dan")
        assert (grade.manual_score, grade.extra_credit, grade.auto_score) == (2.5, 1.0, auto)
        assert grade.score == 3.5   # nbgrader: manual score plus extra credit
        comment = gb.find_comment("train_linear_regression_autograd", ASSIGNMENT, ASSIGNMENT, "dan")
        assert comment.manual_comment == "Seen in office hours: see me."
        assert comment.auto_comment   # ours, refreshed
        submission = gb.find_submission(ASSIGNMENT, "dan")
        assert submission.score == pytest.approx(summary.results["dan"].score - auto + 3.5)
    assert json.loads((course / "grading" / ASSIGNMENT / "results" / "dan.json").read_text())["score"] == \
        summary.results["dan"].score
