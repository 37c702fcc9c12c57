"""Feedback pages and the report render in headless Chromium: images load, no console errors."""

import shutil

import pytest

from autograder.results import GradeResult, TestResult
from autograder.sinks.feedback import write_feedback
from autograder.sinks.report import write_report

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")


def sample_results():
    curves = {"kind": "loss_curves", "student": [2.0, 1.5, 1.9, 1.2, "nan"], "reference": [2.0, 1.0, 0.5, 0.25, 0.1]}
    path = [[1.0, 1.0], [2.0, 1.6], [2.8, 2.0], [3.0, 2.0]]
    trajectory = {"kind": "himmelblau", "student": path, "reference": path[:-1],
                  "student_losses": [106.0, 20.0, 1.0, 0.0], "reference_losses": [106.0, 20.0, 1.0]}
    sweep = {"kind": "sweep", "student": [[0.1, 0.5], [10.0, "inf"]], "reference": [[0.1, 0.4], [10.0, "nan"]]}
    tests = [
        TestResult("test_training_on_the_lesson_data", "train_linear_regression", 0.0, 1.0, "failed",
                   "`train_linear_regression` does not match: `losses[1]`: got 1.5, expected 1\n→ gradients "
                   "accumulated across iterations: clear them", "public", "gradients_not_cleared", curves),
        TestResult("test_exercise_3", "train_linear_regression", 1.0, 1.0, "passed", "", "public", None, trajectory),
        TestResult("test_sweep", "learning_rate_sweep", 1.0, 1.0, "passed", "", "public", None, sweep),
        TestResult("test_hidden_one", "mse_loss", 0.0, 2.0, "timeout", "`mse_loss` timed out after 20 s"),
    ]
    good = GradeResult("linear_regression", "ann", "cpu", "graded", tests, sandbox="bwrap", cell_errors=[
        {"cell": 7, "grade_id": "mse_loss", "error": "SyntaxError: invalid syntax <script>", "where": "line 2"}])
    broken = GradeResult("linear_regression", "bob", "cpu", "error", [TestResult("t", "mse_loss", 0, 2, "error", "x")],
                         error="the file is not a valid Jupyter notebook")
    return [good, broken]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps)")
def test_feedback_pages_and_report_render_with_their_images_and_no_console_errors(tmp_path):
    results = sample_results()
    pages = [write_feedback(tmp_path, r) for r in results] + [write_report(tmp_path, "linear_regression", results)]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            for path in pages:
                page = browser.new_page()
                problems = []
                page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                page.goto(path.as_uri())
                images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
                assert all(done and width > 0 for done, width in images), (path.name, images)
                assert not problems, (path.name, problems)
                if path.name == "ann.html":
                    assert len(images) == 3  # loss curves, trajectory, sweep
                    assert page.locator("script").count() == 0  # student text is escaped, never markup
                    assert "gradients accumulated" in page.inner_text("body")
                if path.name == "report.html":
                    assert len(images) == 1 and page.locator("a[href='feedback/ann.html']").count() == 1
                page.close()
        finally:
            browser.close()
