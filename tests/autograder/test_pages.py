"""Feedback pages and the report render in headless Chromium: images load, no console errors."""

import shutil

import pytest

from autograder.results import GradeResult, TestResult
from autograder.sinks.feedback import write_feedback
from autograder.sinks.report import write_report
from tests.helpers.course import COURSE

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
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
        {"cell": 7, "grade_id": "mse_loss", "label": "the cell `mse_loss`", "error": "SyntaxError: invalid syntax "
         "<script>", "where": "line 2"},
        {"cell": 49, "grade_id": None, "error": "NameError: name 'xs' is not defined", "where": "line 1"}])
    reason = "the file is not a valid Jupyter notebook (JSONDecodeError: Expecting value)"
    broken = GradeResult("linear_regression_with_a_rather_long_student_identifier", "bob_the_student_with_a_long_id",
                         "cpu", "error", [TestResult(f"test_{f}", f, 0, 2, "error", reason)
                                          for f in ("mse_loss", "linear_regression_gradients")],
                         error=reason, error_kind="notebook")
    return [good, broken]


def many_results():
    """A class of submissions: the report's tables at their fullest."""
    results = sample_results()
    for i in range(6):
        tests = [TestResult(f"test_training_on_the_lesson_data[train_linear_regression_autograd_{j}]",
                            "train_linear_regression_autograd", float(i % 2), 1.0, "passed" if i % 2 else "failed",
                            "x", "hidden", "gradients_not_cleared" if i % 2 == 0 else None) for j in range(3)]
        results.append(GradeResult("linear_regression", f"student_{i:02d}_with_a_long_identifier", "cpu", "graded",
                                   tests))
    return results


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps)")
def test_feedback_pages_and_report_render_with_their_images_and_no_console_errors(tmp_path):
    results = sample_results()
    pages = [write_feedback(COURSE, tmp_path, r) for r in results]
    pages.append(write_report(COURSE, tmp_path, "linear_regression", results))
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


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system-deps)")
@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_a_phone_and_a_desktop_without_sideways_scrolling(tmp_path, width):
    results = many_results()
    pages = [write_feedback(COURSE, tmp_path, r) for r in results[:2]]
    pages.append(write_report(COURSE, tmp_path, "linear_regression", results))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for path in pages:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(path.as_uri())
                page.screenshot(path=str(tmp_path / f"{path.stem}-{width}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (path.name, width, overflow)
                # every table cell and heading lies inside the viewport (nothing cut off on the right)
                right_edges = page.eval_on_selector_all("td, th, h1, h2, img", "els => els.map(e => "
                                                        "e.getBoundingClientRect().right)")
                assert max(right_edges) <= width + 0.5, (path.name, width, max(right_edges))
                if path.name == "report.html":
                    header = page.eval_on_selector_all("h2:has-text('Pass rate') + p + table tr:first-child th",
                                                       "els => els.map(e => e.getBoundingClientRect().width)")
                    assert len(header) == 4 and min(header) > 20, header   # every column visible
                page.close()
        finally:
            browser.close()


def test_messages_render_code_spans_and_cells_are_named_not_numbered(tmp_path):
    good, broken = sample_results()
    html = write_feedback(COURSE, tmp_path, good).read_text()
    assert "<code>train_linear_regression</code> does not match: <code>losses[1]</code>" in html
    assert "`" not in html.split("<body>")[1].split("Cells that raised")[0].replace("&#x60;", "")
    assert "the cell <code>mse_loss</code>" in html and "code cell 49" in html and "cell 7" not in html
    assert "&lt;script&gt;" in html   # still escaped
    page = write_feedback(COURSE, tmp_path, broken).read_text()
    assert page.count("not a valid Jupyter notebook") == 1   # said once, with what to do
    assert "What to do:" in page and "Restart &amp; Run All" in page


def test_report_labels_what_each_mean_covers_and_counts_misconceptions_per_student(tmp_path):
    results = many_results()
    html = write_report(COURSE, tmp_path, "linear_regression", results).read_text()
    graded = [r for r in results if r.status == "graded"]
    assert f"mean score of the {len(graded)} graded" in html
    assert f"mean score of all {len(results)} (could not be graded = 0" in html
    # three failing checks with the same misconception in one student count once: ann and students 0, 2, 4
    assert "<td>4</td>" in html.split("Most frequent misconceptions")[1].split("</table>")[0]


def test_plots_keep_labels_legible_and_the_students_line_on_top(monkeypatch):
    from autograder.sinks import plots

    figures = []
    monkeypatch.setattr(plots, "to_data_uri", lambda figure: figures.append(figure) or "data:")
    good, _ = sample_results()
    for test in good.tests:
        if test.details:
            plots.details_figures(test.details, COURSE)
    curves, himmelblau, sweep = figures
    yours, expected = (next(line for line in curves.axes[0].get_lines() if line.get_label() == label)
                       for label in ("your losses", "expected"))
    assert yours.get_zorder() > expected.get_zorder() and expected.get_linewidth() > yours.get_linewidth()
    axis = sweep.axes[0]
    labels = [t for t in axis.texts if t.get_text() == "diverges"]
    assert len(labels) == 2 and all(t.get_fontsize() >= 10 for t in labels)
    sweep.canvas.draw()
    renderer = sweep.canvas.get_renderer()
    legend = axis.get_legend().get_window_extent(renderer)
    assert not any(legend.overlaps(bar.get_window_extent(renderer)) for bar in axis.patches)
    assert len(himmelblau.axes) == 2


def test_the_weaker_sandbox_is_said_on_the_report_and_on_each_of_its_feedback_pages(tmp_path):
    """--sandbox process, named by the instructor, is never a quiet footnote."""
    import dataclasses
    from html import escape

    from pcpt_portable.messages import WEAK_SANDBOX_WARNING
    from autograder.sinks.feedback import render_feedback

    good, broken = sample_results()
    weak = dataclasses.replace(good, sandbox="process")
    report = write_report(COURSE, tmp_path, "linear_regression", [good, broken]).read_text()
    assert escape(WEAK_SANDBOX_WARNING) not in report
    assert escape(WEAK_SANDBOX_WARNING) not in render_feedback(COURSE, good)
    report = write_report(COURSE, tmp_path, "linear_regression", [weak, broken]).read_text()
    assert f"{escape(WEAK_SANDBOX_WARNING)} (1 of 2 submissions)" in report
    assert escape(WEAK_SANDBOX_WARNING) in render_feedback(COURSE, weak)
