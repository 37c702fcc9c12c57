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
    assert by_login["ada"][-1] == "1" and by_login["zoe, the second"][-1] == ""   # not graded: blank, not 0
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


def make_gradebook(course, manual=None, penalty=0.0, names=None):
    """An nbgrader gradebook for the batch's students: ada's auto score as ours, optionally a manual
    score set in formgrader, a late penalty and the students' names and LMS ids."""
    from nbgrader.api import Gradebook

    from autograder.release import use_nbgrader_env

    use_nbgrader_env()
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_assignment("linear_regression")
        gb.add_notebook("linear_regression", "linear_regression")
        gb.add_grade_cell("test_mse_loss", "linear_regression", "linear_regression", max_score=3, cell_type="code")
        for student in ("ada", "zoe, the second"):
            gb.add_student(student, **(names or {}).get(student, {}))
            gb.add_submission("linear_regression", student)
        grade = gb.find_grade("test_mse_loss", "linear_regression", "linear_regression", "ada")
        grade.auto_score, grade.manual_score = 1.0, manual
        notebook = gb.find_submission_notebook("linear_regression", "linear_regression", "ada")
        notebook.late_submission_penalty = penalty
        gb.db.commit()
    return url


@pytest.fixture
def course_batch(batch_dir, tmp_path):
    """The batch where ``batch`` writes by default: ``<course>/grading/<assignment>``, beside the gradebook."""
    course = tmp_path / "course"
    out = course / "grading" / "linear_regression"
    out.parent.mkdir(parents=True)
    batch_dir.rename(out)
    return course, out


def canvas_rows(path):
    return list(csv.reader(io.StringIO(path.read_text())))


def test_exports_take_the_gradebooks_final_scores_and_say_so(course_batch):
    """A manual score set in formgrader (2.5) and a late penalty (0.5) reach the Canvas, long and
    Gradescope exports (which read results/*.json only and said 1); the source is named."""
    course, out = course_batch
    make_gradebook(course, manual=2.5, penalty=0.5)
    said = []
    export(out, "canvas", out / "canvas.csv", say=said.append)
    assert said == [f"scores: from the gradebook sqlite:///{course / 'gradebook.db'} (manual scores, extra credit "
                    "and late penalties set in nbgrader included)"]
    by_login = {row[3]: row for row in canvas_rows(out / "canvas.csv")[2:]}
    assert by_login["ada"][-1] == "2" and by_login["zoe, the second"][-1] == ""
    export(out, "long", out / "long.csv", say=said.append)
    rows = list(csv.DictReader(io.StringIO((out / "long.csv").read_text())))
    assert {(r["student_id"], r["final_score"], r["score_source"]) for r in rows} == {
        ("ada", "2", "gradebook"), ("zoe, the second", "", "gradebook")}
    export(out, "gradescope", say=said.append)
    assert json.loads((out / "gradescope" / "ada" / "results.json").read_text())["score"] == 2.0
    export(out, "canvas", out / "ours.csv", gradebook=None, say=said.append)
    assert said[-1] == "scores: from results/*.json (no gradebook)"
    assert {row[3]: row[-1] for row in canvas_rows(out / "ours.csv")[2:]}["ada"] == "1"


def test_canvas_rows_are_identified_from_a_roster_or_the_gradebook_and_update_one_assignment(course_batch, tmp_path):
    course, out = course_batch
    make_gradebook(course, names={"ada": {"first_name": "Ada", "last_name": "Lovelace", "lms_user_id": "4711"}})
    export(out, "canvas", out / "canvas.csv", canvas_assignment_id="2231", say=lambda line: None)
    rows = canvas_rows(out / "canvas.csv")
    assert rows[0] == [*CANVAS_ID_COLUMNS, "linear_regression (2231)"]   # Canvas matches the column to assignment 2231
    by_login = {row[3]: row for row in rows[2:]}
    assert by_login["ada"][:2] == ["Lovelace, Ada", "4711"]
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,student_id\n"
                      "\"Lovelace, Ada\",4711,S-1,alovelace,Sec A,ada\n")
    said = []
    export(out, "canvas", out / "roster.csv", roster=roster, say=said.append)
    by_user = {row[1]: row for row in canvas_rows(out / "roster.csv")[2:]}
    assert by_user["4711"][:5] == ["Lovelace, Ada", "4711", "S-1", "alovelace", "Sec A"]
    assert any("1 students not in" in line and "zoe, the second" in line for line in said), said


def test_a_roster_without_an_id_column_is_a_clear_error(course_batch, tmp_path):
    _, out = course_batch
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@example.org\n")
    with pytest.raises(AutograderError, match="needs a 'student_id' column"):
        export(out, "canvas", roster=roster, say=lambda line: None)
