"""The student check's report: text as its repr (no stray object line), an HTML table in notebooks,
the misconception named in the message and the note on a failing dependency, shown in both."""

import sys

import pytest

from tests.helpers import corpus
from tests.helpers.course import COURSE, PROJECT_ROOT


@pytest.fixture(scope="module")
def pcpt_check():
    sys.path.insert(0, str(PROJECT_ROOT / "student"))
    try:
        import pcpt_check
        import pcpt_check.notebook
        import pcpt_check.runner
    finally:
        sys.path.remove(str(PROJECT_ROOT / "student"))
    return pcpt_check


@pytest.fixture(scope="module")
def wrong_loss(pcpt_check, tmp_path_factory):
    """linear_regression with mse_loss summing instead of averaging (train_* call the student's mse_loss):
    the notebook's namespace and cell errors."""
    case = next(c for c in corpus.cases("linear_regression") if c.name == "sum_instead_of_mean")
    return pcpt_check.notebook.run_notebook(corpus.build(case, tmp_path_factory.mktemp("case")))


@pytest.fixture(scope="module")
def wrong_loss_report(pcpt_check, wrong_loss):
    return pcpt_check.runner.run_checks("linear_regression", *wrong_loss[:1], None, wrong_loss[1])


def test_the_misconception_a_failure_matches_is_named_in_its_message(pcpt_check, wrong_loss_report):
    wording = pcpt_check.runner.load_assignment("linear_regression")["misconceptions"]["sum_instead_of_mean"]["message"]
    failed = [o for o in wrong_loss_report.outcomes if o.function == "mse_loss" and o.outcome == "failed"]
    assert failed and all(o.misconception == "sum_instead_of_mean" for o in failed)
    assert all(o.message.endswith("\n→ " + wording) for o in failed)


def test_the_reports_repr_is_its_text_not_an_object_line(wrong_loss_report):
    text = repr(wrong_loss_report)
    assert text == wrong_loss_report.text() and text.startswith("linear_regression: public checks\n")
    assert "Report(" not in text and "<pcpt" not in text and "object at 0x" not in text
    assert "✘ failed  mse_loss" in text and "calls your `mse_loss`, which fails its own public check" in text
    assert text.splitlines()[-1] == wrong_loss_report.score_line()


def test_the_html_report_is_a_table_of_checks_points_and_messages(wrong_loss_report):
    page = wrong_loss_report._repr_html_()
    assert page.count("<table>") == 1 and page.count("<tr>") == len(wrong_loss_report.outcomes)
    for outcome in wrong_loss_report.outcomes:
        assert f"<td><code>{outcome.function}</code></td><td>{outcome.points:g}/{outcome.max_points:g}</td>" in page
    failed = next(o for o in wrong_loss_report.outcomes if o.function == "mse_loss" and o.outcome == "failed")
    assert "<code>mse_loss</code> does not match the expected result" in page and "<br>→ " in page
    # the dependency note, set apart under the message of the check it concerns
    assert "<em>note: <code>train_linear_regression</code> calls your <code>mse_loss</code>" in page
    assert failed.message.split("\n")[0].replace("`", "") not in page   # backticks became code spans
    assert f"<p>{wrong_loss_report.score_line()}</p>" in page


def test_html_escapes_what_the_student_code_put_in_a_message(pcpt_check):
    from pcpt_portable.check_runner import Outcome, Report

    report = Report("a", [Outcome("test_f", "f", 0.0, 1.0, "error", "`f` raised ValueError: <script>x</script>")], 1.0)
    page = report._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_check_as_a_cells_value_shows_the_report_once(pcpt_check, wrong_loss, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.user_ns.update({k: v for k, v in wrong_loss[0].items() if not k.startswith("_")})
        capsys.readouterr()
        shell.run_cell("from pcpt_check import check\ncheck('mse_loss')", store_history=False)
        shown = capsys.readouterr().out
        shell.run_cell("report = check('mse_loss')", store_history=False)
        shell.run_cell("report", store_history=False)   # asked for in a later cell: shown again
        later = capsys.readouterr().out
    finally:
        InteractiveShell.clear_instance()
    assert shown.count("linear_regression: public checks") == 1, shown
    assert "Report(" not in shown and "<pcpt" not in shown and "public checks of mse_loss" in shown
    assert later.count("linear_regression: public checks") == 2, later



@pytest.mark.parametrize("text", [
    "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.",
    "TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'",
    "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn",
    "RuntimeError: expected m1 and m2 to have the same dtype, but got: float != double",
    "ValueError: something no misconception explains"])
def test_an_exception_names_the_misconception_grading_names(pcpt_check, text):
    """One rule (pcpt_portable.diagnosis.matching_error) over the same table, in the same order."""
    from autograder import misconceptions
    from pcpt_portable.diagnosis import matching_error

    graded = misconceptions.from_error(text, COURSE)
    for assignment in pcpt_check.runner.assignments():
        table = pcpt_check.runner.load_assignment(assignment)["misconceptions"]
        mine = matching_error(text, ((key, entry.get("error_patterns", ())) for key, entry in table.items()))
        assert mine == (graded.key if graded else None), assignment
