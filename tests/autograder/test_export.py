"""Exports for LMSs and analysis, checked against the formats' documented fields."""

import csv
import io
import json
import subprocess
import sys

import pytest

from autograder.errors import AutograderError
from autograder.export import export
from autograder.results import GradeResult, TestResult
from autograder.sinks.files import write_result

# Canvas gradebook import: identification columns, then one column per assignment (Canvas's
# "Import grades" documentation; its own export adds a "Points Possible" row).
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# Gradescope autograder specification (results.json): documented top-level and per-test keys.
GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                  "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
                   "tags", "visibility", "extra_data"}
GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture
def batch_dir(tmp_path):
    out = tmp_path / "grading"
    ada = GradeResult("linear_regression", "ada", "cpu", "graded", [
        TestResult("test_mse_loss_of_the_lesson_example", "mse_loss", 1.0, 1.0, "passed", visibility="public"),
        TestResult("test_mse_loss_on_hidden_predictions", "mse_loss", 0.0, 2.0, "failed",
                   "`mse_loss` does not match, \"quoted\"\nsecond line", misconception="sum_instead_of_mean"),
    ], seconds=1.25)
    zoe = GradeResult("linear_regression", "zoe, the second", "cpu", "error", [
        TestResult("test_mse_loss_of_the_lesson_example", "mse_loss", 0.0, 1.0, "error", "not a notebook",
                   visibility="public"),
        TestResult("test_mse_loss_on_hidden_predictions", "mse_loss", 0.0, 2.0, "error", "not a notebook"),
    ], error="the file is not a valid Jupyter notebook")
    for result in (ada, zoe):
        write_result(out, result)
    return out


def test_canvas_csv_has_the_import_columns_points_possible_and_one_row_per_student(batch_dir):
    export(batch_dir, "canvas")
    rows = list(csv.reader(io.StringIO((batch_dir / "linear_regression_canvas.csv").read_text())))
    assert rows[0] == [*CANVAS_ID_COLUMNS, "linear_regression"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][-1] == "3"
    by_login = {row[3]: row for row in rows[2:]}
    assert set(by_login) == {"ada", "zoe, the second"}   # commas survive quoting
    assert by_login["ada"][-1] == "1" and by_login["zoe, the second"][-1] == "0"
    assert all(len(row) == len(rows[0]) for row in rows)


def test_gradescope_results_use_only_documented_fields(batch_dir):
    export(batch_dir, "gradescope")
    ada = json.loads((batch_dir / "gradescope" / "ada" / "results.json").read_text())
    assert set(ada) <= GRADESCOPE_TOP and ada["score"] == 1.0 and ada["execution_time"] == 1.25
    assert len(ada["tests"]) == 2
    for test in ada["tests"]:
        assert set(test) <= GRADESCOPE_TEST and {"score", "max_score", "name", "status"} <= set(test)
        assert test["visibility"] in GRADESCOPE_VISIBILITY and test["status"] in ("passed", "failed")
    public, hidden = ada["tests"]
    assert public["visibility"] == "visible" and hidden["visibility"] == "after_published"
    assert hidden["score"] == 0 and hidden["max_score"] == 2
    assert hidden["output"].startswith("`mse_loss` does not match") and hidden["tags"] == ["mse_loss"]
    zoe = json.loads((batch_dir / "gradescope" / "zoe, the second" / "results.json").read_text())
    assert zoe["score"] == 0 and "could not be graded" in zoe["output"]


def test_long_csv_has_one_row_per_student_and_check(batch_dir):
    export(batch_dir, "long", batch_dir / "long.csv")
    rows = list(csv.DictReader(io.StringIO((batch_dir / "long.csv").read_text())))
    assert len(rows) == 4
    ada = [r for r in rows if r["student_id"] == "ada"]
    assert [r["outcome"] for r in ada] == ["passed", "failed"]
    assert ada[1]["misconception"] == "sum_instead_of_mean" and ada[1]["message"].endswith("second line")
    assert sum(float(r["points"]) for r in ada) == 1.0 and sum(float(r["max_points"]) for r in ada) == 3.0


def test_export_of_a_folder_without_results_is_a_clear_error(tmp_path):
    with pytest.raises(AutograderError, match="no results/ folder"):
        export(tmp_path, "canvas")


def test_export_command_line(batch_dir):
    done = subprocess.run([sys.executable, "-m", "autograder", "export", "--format", "canvas", batch_dir],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "linear_regression_canvas.csv" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "autograder", "export", "--format", "long", batch_dir / "nope"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no results/ folder" in bad.stderr and "Traceback" not in bad.stderr
