"""autograder.results: result records, their contract keys, and derived scores."""

from __future__ import annotations

import io
import json
import math
import tempfile
from pathlib import Path

import pytest
from rich.console import Console

from autograder.report_text import print_result
from autograder.results import (MAX_CELL_ERRORS, MAX_RESULT_BYTES, OUTCOMES, ErrorKind, GradeResult, Outcome, Status,
                                TestResult, bound)
from autograder.sinks.feedback import TRUNCATED_NOTE, render_feedback
from autograder.sinks.files import write_result
from autograder.sinks.report import render_report
from tests.helpers.course import COURSE

CONTRACT_KEYS = {"assignment", "student_id", "device", "status", "score", "max_score", "tests"}
TEST_KEYS = {"name", "function", "points", "max_points", "outcome", "message"}


def check(name, function, points, max_points, outcome="passed", **extra):
    return TestResult(name=name, function=function, points=points, max_points=max_points, outcome=outcome, **extra)


@pytest.fixture
def result():
    return GradeResult(
        assignment="linear_regression", student_id="alice", device="cpu", status="graded",
        tests=[
            check("test_predict_shape", "predict", 1.0, 1.0, visibility="public",
                  details={"x": [1.0, 2.0], "y": [0.5, 0.7]}),
            check("hidden_predict_values", "predict", 0.0, 2.0, "failed", message="`result`: got 1, expected 2",
                  misconception="off_by_one"),
            check("test_fit_runs", "fit", 0.5, 1.0, "passed", visibility="public"),
            check("hidden_fit_converges", "fit", 0.0, 3.0, "timeout", message="took too long"),
            check("hidden_loss", "loss", 0.0, 1.5, "error", message="ZeroDivisionError"),
        ],
        sandbox="process", grader_version="0.1.0", notebook_sha256="ab" * 32,
        cell_errors=[{"cell": 4, "message": "NameError"}], seconds=12.3456, seed=7,
    )


# --- to_dict: the contract -------------------------------------------------------------

def test_to_dict_has_every_contract_key(result):
    data = result.to_dict()
    assert CONTRACT_KEYS <= set(data)
    assert (data["assignment"], data["student_id"], data["device"], data["status"]) == (
        "linear_regression", "alice", "cpu", "graded")


def test_each_test_has_every_contract_key(result):
    for test in result.to_dict()["tests"]:
        assert TEST_KEYS <= set(test)


def test_tests_keep_their_order_and_values(result):
    tests = result.to_dict()["tests"]
    assert [t["name"] for t in tests] == [t.name for t in result.tests]
    second = tests[1]
    assert (second["function"], second["points"], second["max_points"], second["outcome"], second["message"]) == (
        "predict", 0.0, 2.0, "failed", "`result`: got 1, expected 2")
    assert second["misconception"] == "off_by_one" and second["visibility"] == "hidden"


def test_details_are_present_only_when_set(result):
    tests = result.to_dict()["tests"]
    assert tests[0]["details"] == {"x": [1.0, 2.0], "y": [0.5, 0.7]}
    assert "details" not in tests[1]


def test_score_and_max_score_are_derived_from_the_tests(result):
    data = result.to_dict()
    assert data["score"] == pytest.approx(1.5) == result.score
    assert data["max_score"] == pytest.approx(8.5) == result.max_score
    result.tests[1].points = 2.0
    assert result.score == pytest.approx(3.5)
    assert result.to_dict()["score"] == pytest.approx(3.5)
    result.tests.append(check("extra", "loss", 0.0, 1.0, "failed"))
    assert result.max_score == pytest.approx(9.5)


def test_scores_are_rounded_so_float_sums_look_right():
    result = GradeResult("a", "s", "cpu", "graded", [check(f"t{i}", "f", 0.1, 0.1) for i in range(3)])
    assert result.score == 0.3 and result.max_score == 0.3


def test_a_result_without_tests_scores_zero_of_zero():
    result = GradeResult("a", None, "cpu", "error", error="the submission has no a.ipynb", error_kind="notebook")
    data = result.to_dict()
    assert (data["score"], data["max_score"], data["tests"]) == (0, 0, [])
    assert data["student_id"] is None and data["error"] == "the submission has no a.ipynb"
    assert data["error_kind"] == "notebook"


def test_to_dict_is_json_serialisable(result):
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert json.loads(text) == result.to_dict()


def test_seconds_are_rounded_to_milliseconds(result):
    assert result.to_dict()["seconds"] == 12.346


def test_extra_documented_keys_are_present(result):
    data = result.to_dict()
    assert (data["sandbox"], data["grader_version"], data["notebook_sha256"], data["seed"]) == (
        "process", "0.1.0", "ab" * 32, 7)
    assert data["cell_errors"] == [{"cell": 4, "message": "NameError"}]


# --- from_dict -------------------------------------------------------------------------

def test_from_dict_of_to_dict_is_the_same_result(result):
    result.seconds = 12.346  # to_dict keeps milliseconds
    assert GradeResult.from_dict(result.to_dict()) == result


def test_round_trip_through_json_text(result):
    result.seconds = 1.5
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_typed_vocabulary_writes_the_same_json_as_plain_strings(result):
    typed = GradeResult.from_dict(result.to_dict())
    typed.status, typed.error_kind = Status.ERROR, ErrorKind.INTERNAL
    typed.tests[0].outcome = Outcome.PASSED
    plain = GradeResult.from_dict(result.to_dict())
    plain.status, plain.error_kind = "error", "internal"
    plain.tests[0].outcome = "passed"
    assert json.dumps(typed.to_dict(), indent=1) == json.dumps(plain.to_dict(), indent=1)
    assert '"status": "error"' in json.dumps(typed.to_dict())


def test_from_dict_reads_known_words_as_members_and_keeps_unknown_ones():
    data = {"assignment": "a", "status": "graded", "error_kind": "internal",
            "tests": [{"name": "t", "function": "f", "points": 0.0, "max_points": 1.0, "outcome": "timeout"},
                      {"name": "u", "function": "f", "points": 0.0, "max_points": 1.0, "outcome": "exploded"}]}
    loaded = GradeResult.from_dict(data)
    assert loaded.status is Status.GRADED and loaded.error_kind is ErrorKind.INTERNAL
    assert loaded.tests[0].outcome is Outcome.TIMEOUT
    assert loaded.tests[1].outcome == "exploded" and not loaded.is_consistent()


def test_from_dict_ignores_score_fields_and_derives_them_again(result):
    data = result.to_dict()
    data["score"], data["max_score"] = 100.0, 100.0
    restored = GradeResult.from_dict(data)
    assert restored.score == pytest.approx(1.5) and restored.max_score == pytest.approx(8.5)


def test_from_dict_fills_defaults_for_the_optional_keys():
    restored = GradeResult.from_dict({"assignment": "a", "status": "graded", "tests": [
        {"name": "t", "function": "f", "points": 1, "max_points": 1, "outcome": "passed"}]})
    assert restored.student_id is None and restored.device == "" and restored.seconds == 0.0
    assert restored.tests == [check("t", "f", 1, 1)]
    assert restored.tests[0].message == "" and restored.tests[0].visibility == "hidden"


def test_test_result_from_dict_needs_the_contract_fields():
    with pytest.raises(TypeError):
        TestResult.from_dict({"name": "t", "function": "f", "points": 1, "outcome": "passed"})


def test_grade_result_from_dict_needs_assignment_and_status():
    with pytest.raises(KeyError):
        GradeResult.from_dict({"status": "graded"})
    with pytest.raises(KeyError):
        GradeResult.from_dict({"assignment": "a"})


def test_from_dict_does_not_share_the_cell_errors_list(result):
    data = result.to_dict()
    restored = GradeResult.from_dict(data)
    restored.cell_errors.append({"cell": 9})
    assert data["cell_errors"] == [{"cell": 4, "message": "NameError"}]


# --- views -----------------------------------------------------------------------------

def test_points_by_function_sums_points_and_max_points(result):
    assert result.points_by_function() == {
        "predict": (pytest.approx(1.0), pytest.approx(3.0)),
        "fit": (pytest.approx(0.5), pytest.approx(4.0)),
        "loss": (pytest.approx(0.0), pytest.approx(1.5)),
    }
    assert list(result.points_by_function()) == ["predict", "fit", "loss"]


def test_summary_public_only_hides_hidden_checks(result):
    public = result.summary(public_only=True)
    assert [t.name for t in public] == ["test_predict_shape", "test_fit_runs"]
    assert all(t.visibility == "public" for t in public)


def test_summary_by_default_lists_every_check(result):
    assert result.summary() == result.tests
    assert result.summary(public_only=False) == result.tests


def test_a_new_test_result_is_hidden_by_default():
    assert check("t", "f", 0, 1).visibility == "hidden"


def test_test_result_is_not_collected_by_pytest():
    assert TestResult.__test__ is False


# --- is_consistent ---------------------------------------------------------------------

def test_a_well_formed_result_is_consistent(result):
    assert result.is_consistent()
    assert GradeResult("a", "s", "cpu", "graded").is_consistent()


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_known_outcome_is_consistent(outcome):
    assert GradeResult("a", "s", "cpu", "graded", [check("t", "f", 0.0, 1.0, outcome)]).is_consistent()


@pytest.mark.parametrize("points, max_points, outcome", [
    (2.0, 1.0, "passed"),          # more than the maximum
    (-0.5, 1.0, "failed"),         # negative
    (math.nan, 1.0, "passed"),     # not a number
    (math.inf, math.inf, "passed"),
    (0.0, 1.0, "skipped"),         # not an outcome of the contract
    (0.0, 1.0, "PASSED"),
])
def test_inconsistent_tests_are_detected(result, points, max_points, outcome):
    result.tests.append(check("bad", "f", points, max_points, outcome))
    assert not result.is_consistent()


def test_terminal_report_prints_student_text_and_check_ids_verbatim():
    """Messages and cell errors come from student code: brackets in them are text, not rich markup."""
    result = GradeResult("gradient_basics", "s1", "cpu", "error", error="cell [/] is [bold]odd", tests=[
        TestResult("test_step[step_autograd]", "step_autograd", 0, 1, "failed", message="x[0] is [red]3[/]"),
    ], cell_errors=[{"cell": 4, "error": "IndexError: [/oops]"}])
    out = io.StringIO()
    print_result(result, console=Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    for verbatim in ("cell [/] is [bold]odd", "test_step[step_autograd]", "x[0] is [red]3[/]",
                     "IndexError: [/oops]", "score: 0 / 1"):
        assert verbatim in text
    assert "[bold]step_autograd" not in text


def test_report_links_each_student_page_by_a_url_safe_name():
    results = [GradeResult("gradient_basics", sid, "cpu", "graded", tests=[check("t", "f", 1, 1)])
               for sid in ("ann", "bob#2 <x>")]
    html = render_report(COURSE, "gradient_basics", results)
    assert 'href="feedback/ann.html"' in html and 'href="feedback/bob%232%20%3Cx%3E.html"' in html
    assert "bob#2 &lt;x&gt;" in html


# --- bounded size (whatever student code printed or raised) ---------------------------------

def flooded_result(cells=5000, message_chars=3000) -> GradeResult:
    """What 5000 cells raising 3000-character messages and long check messages would give."""
    tests = [check(f"test_{i}", f"f{i % 5}", 0.0, 1.0, "error", message="ValueError: " + "é" * 8000,
                   visibility="public" if i % 4 == 0 else "hidden",
                   details={"kind": "loss_curves", "student": [0.5] * 20000, "reference": [0.5] * 20000})
             for i in range(40)]
    errors = [{"cell": i, "grade_id": None, "error": "ValueError: " + "x" * message_chars, "where": "y" * 2000}
              for i in range(cells)]
    return GradeResult("linear_regression", "mallory", "cpu", "graded", tests, cell_errors=errors)


def test_a_flooded_result_is_bounded_and_says_so():
    result = flooded_result()
    scores = (result.score, result.max_score, [t.outcome for t in result.tests])
    bound(result)
    data = result.to_dict()
    assert data["truncated"] is True and data["cell_error_count"] == 5000
    assert [c["cell"] for c in data["cell_errors"]] == list(range(MAX_CELL_ERRORS))  # the first ones
    assert (result.score, result.max_score, [t.outcome for t in result.tests]) == scores
    assert all(t.message.startswith("ValueError: éé") for t in result.tests)
    with tempfile.TemporaryDirectory() as out:
        written = write_result(Path(out), result)
        assert written.stat().st_size <= MAX_RESULT_BYTES
        assert GradeResult.from_dict(json.loads(written.read_text())).cell_error_count == 5000


def test_a_small_result_is_left_as_it_is(result):
    before = result.to_dict()
    assert bound(result).to_dict() == before | {"truncated": False}
    assert result.truncated is False


def test_the_feedback_page_of_a_flooded_result_is_small_and_says_output_was_cut():
    page = render_feedback(COURSE, bound(flooded_result()))
    assert len(page.encode()) < 512 * 1024
    assert TRUNCATED_NOTE in page and "and 4980 more cells that raised an error" in page


def test_an_old_record_without_the_new_keys_still_reads():
    data = {"assignment": "linear_regression", "status": "graded", "cell_errors": [{"cell": 1}, {"cell": 2}]}
    result = GradeResult.from_dict(data)
    assert (result.cell_error_count, result.truncated, result.variant, result.variant_key) == (2, False, None, None)


# --- plot data over its budget is made to fit, not dropped ----------------------------------

def test_long_plot_data_is_sampled_to_fit_keeping_its_ends_and_steps():
    from autograder.results import MAX_DETAILS_BYTES, fit_details
    from autograder.sinks.plots import steps_of

    losses = [1.0 / (1 + 0.001 * i) + 1e-9 * i for i in range(20000)]
    path = [[1.0 + i * 1e-4, 2.0 - i * 1e-4] for i in range(5000)]
    details = {"kind": "himmelblau", "student": path, "reference": path[:4000],
               "student_losses": losses, "reference_losses": losses[:300]}
    fitted = fit_details(details)
    assert fitted is not None and len(json.dumps(fitted)) <= MAX_DETAILS_BYTES
    assert fitted["sampled"]["student_losses"] == 20000
    assert fitted["reference_losses"][-1] == pytest.approx(losses[299], rel=1e-4)
    kept = fitted["student_losses"]
    assert kept[0] == pytest.approx(losses[0]) and kept[-1] == pytest.approx(losses[-1], rel=1e-4)
    steps = steps_of(fitted, "student_losses")
    assert (steps[0], steps[-1], len(steps)) == (1, 20000, len(kept))
    assert fitted["student"][-1] == pytest.approx(path[-1], rel=1e-4)


def test_a_result_with_long_plot_data_keeps_it_uncut():
    losses = [0.123456789 * 0.999 ** i for i in range(3000)]
    result = GradeResult("linear_regression", "ann", "cpu", "graded", [
        check("test_curve", "train_linear_regression", 1.0, 1.0, "passed", visibility="public",
              details={"kind": "loss_curves", "student": losses, "reference": losses})])
    bound(result)
    assert (result.truncated, result.plots_dropped) == (False, [])
    assert result.tests[0].details["sampled"] == {"student": 3000, "reference": 3000}
    assert '<img src="data:image/png;base64,' in render_feedback(COURSE, result)


def test_plot_data_that_cannot_fit_is_dropped_and_the_report_names_it():
    hostile = {"kind": "himmelblau", "student": [[0.5] * 100000], "reference": [[1.0, 1.0]],
               "student_losses": [1.0], "reference_losses": [1.0]}
    result = GradeResult("autograd_descent", "mallory", "cpu", "graded", [
        check("test_path", "optimize_himmelblau", 1.0, 1.0, "passed", visibility="public", details=hostile)])
    bound(result)
    assert result.tests[0].details is None and result.truncated and result.plots_dropped == ["test_path"]
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))).plots_dropped == ["test_path"]
    assert "Plots left out" in render_report(COURSE, "autograd_descent", [result]) and "path" in render_report(
        COURSE, "autograd_descent", [result])
