"""The command line (docs/interface.md), as outside test suites call it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.course import COURSE, PROJECT_ROOT, release_notebook, source_notebook

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]
CONTRACT_KEYS = {"assignment", "student_id", "device", "status", "score", "max_score", "tests"}
TEST_KEYS = {"name", "function", "points", "max_points", "outcome", "message"}


def autograder(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def test_grade_json_prints_exactly_one_contract_object():
    done = autograder("grade", source_notebook("gradient_basics"), "--assignment", "gradient_basics",
                      "--device", "cpu", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # the whole of stdout is the object
    assert CONTRACT_KEYS <= set(result) and result["status"] == "graded" and result["device"] == "cpu"
    assert result["score"] == result["max_score"] == sum(t["max_points"] for t in result["tests"])
    for test in result["tests"]:
        assert TEST_KEYS <= set(test) and test["outcome"] in ("passed", "failed", "error", "timeout")


def test_grade_of_a_broken_file_is_an_error_record_with_exit_status_zero(tmp_path):
    broken = tmp_path / "gradient_basics.ipynb"
    broken.write_bytes(b"\x89PNG not a notebook")
    done = autograder("grade", broken, "--assignment", "gradient_basics", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "error" and result["score"] == 0 and result["max_score"] > 0
    assert result["tests"] and all(t["outcome"] == "error" for t in result["tests"])


def test_check_runs_only_the_public_checks_and_fails_when_one_fails():
    done = autograder("check", release_notebook("linear_regression"))
    assert done.returncode == 1, done.stderr
    assert "public checks: 0 / 6 points; the assignment is worth 20 with hidden checks" in done.stdout
    assert "hidden" not in done.stdout.replace("with hidden checks", "")
    assert "not implemented yet" in done.stdout


def test_check_of_a_correct_notebook_exits_zero_from_a_relative_interpreter_path(tmp_path):
    python = os.path.relpath(sys.executable, tmp_path)
    done = subprocess.run([python, "-m", "autograder", "check", source_notebook("gradient_basics")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "public checks: 7 / 7 points; the assignment is worth 18 with hidden checks" in done.stdout


@pytest.mark.parametrize("command", ["grade", "check"])
def test_a_missing_file_or_a_file_that_is_not_a_notebook_is_a_usage_error_naming_it(command, tmp_path):
    assignment = ("--assignment", "gradient_basics")
    missing = autograder(command, tmp_path / "missing.ipynb", *assignment)
    assert missing.returncode == 2 and f"{tmp_path / 'missing.ipynb'}: file not found" in missing.stderr
    assert missing.stdout == "" and "Traceback" not in missing.stderr
    readme = autograder(command, PROJECT_ROOT / "README.md", *assignment)
    assert readme.returncode == 2 and "README.md: not a notebook" in readme.stderr
    folder = autograder(command, tmp_path, *assignment)
    assert folder.returncode == 2 and "is a folder" in folder.stderr


def test_check_without_an_assignment_in_the_name_says_how_to_give_it(tmp_path):
    notebook = tmp_path / "mine.ipynb"
    notebook.write_text(release_notebook("gradient_basics").read_text())
    done = autograder("check", notebook)
    assert done.returncode == 2 and "--assignment" in done.stderr and "gradient_basics" in done.stderr


def test_batch_on_an_empty_or_missing_folder_warns(tmp_path):
    empty = autograder("batch", tmp_path, "--assignment", "gradient_basics", "--out", tmp_path / "out")
    assert empty.returncode == 0 and "warning: no submissions of gradient_basics" in empty.stderr
    assert "<student_id>/gradient_basics/gradient_basics.ipynb" in empty.stderr
    missing = autograder("batch", tmp_path / "nope", "--assignment", "gradient_basics")
    assert missing.returncode == 2 and "folder not found" in missing.stderr


def test_release_with_an_unknown_name_lists_the_valid_ones():
    done = autograder("release", "gradient_basic")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "unknown assignment 'gradient_basic' in the course at" in done.stderr
    assert "expected one of autograd_descent, backprop, gradient_basics, linear_regression" in done.stderr
    assert "[]" not in done.stderr


def test_check_help_shows_only_what_a_student_needs():
    text = autograder("check", "--help").stdout
    for option in ("--assignment", "--device"):
        assert option in text
    for instructor_only in ("--seed", "--sandbox", "--call-timeout", "--memory-limit-mb", "--workers", "CONTRACT"):
        assert instructor_only not in text
    assert "CONTRACT" not in autograder("--help").stdout


def test_unknown_assignment_and_bad_settings_are_usage_errors(tmp_path):
    assert autograder("grade", "x.ipynb", "--assignment", "nope").returncode == 2
    bad = autograder("grade", release_notebook("gradient_basics"), "--assignment", "gradient_basics",
                     "--call-timeout", "-1")
    assert bad.returncode == 2 and "--call-timeout" in bad.stderr


# --- user errors: one clean line, exit status 2 (in-process, no subprocess) -------------

def run_main(argv, capsys) -> tuple[int, str]:
    from autograder.cli import main

    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    return code, capsys.readouterr().err


def assert_one_clean_line(err: str, *fragments: str) -> None:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err


def test_grade_with_an_unknown_assignment_is_a_usage_error(capsys):
    code, err = run_main(["grade", release_notebook("gradient_basics"), "--assignment", "no_such_assignment"], capsys)
    assert code == 2
    assert "Traceback" not in err and "no_such_assignment" in err


def test_grade_of_a_notebook_that_does_not_exist_names_it(tmp_path, capsys):
    code, err = run_main(["grade", tmp_path / "gone.ipynb", "--assignment", "gradient_basics"], capsys)
    assert code == 2
    assert_one_clean_line(err, f"{tmp_path / 'gone.ipynb'}: file not found")


def test_release_that_nbgrader_fails_prints_nbgraders_last_line(monkeypatch, capsys):
    import autograder.release

    failed = subprocess.CompletedProcess([], 1, "", "[GenerateAssignmentApp | ERROR] boom\nTraceback (most recent "
                                                    "call last):\n  File x\nValueError: cell has no grade_id\n")
    monkeypatch.setattr(autograder.release, "run_nbgrader", lambda args, root: failed)
    code, err = run_main(["release", "gradient_basics"], capsys)
    assert code == 2
    assert_one_clean_line(err, "nbgrader generate_assignment gradient_basics failed: ValueError: cell has no grade_id")


def test_release_without_the_instructor_notebook_names_the_missing_file(monkeypatch, tmp_path, capsys):
    from autograder.course import Assignment

    monkeypatch.setattr(Assignment, "source_notebook", property(lambda found: tmp_path / f"{found.name}.ipynb"))
    code, err = run_main(["release", "gradient_basics"], capsys)
    assert code == 2
    assert_one_clean_line(err, str(tmp_path / "gradient_basics.ipynb"), "instructor notebook")


def test_check_of_a_course_without_checks_names_the_missing_file(monkeypatch, tmp_path, capsys):
    import autograder.runner

    monkeypatch.setattr(autograder.runner, "checks_module", lambda name: tmp_path / "checks.py")
    code, err = run_main(["check", release_notebook("gradient_basics"), "--assignment", "gradient_basics"], capsys)
    assert code == 2
    assert_one_clean_line(err, str(tmp_path / "checks.py"), "checks of gradient_basics are missing")


def test_a_course_without_the_reference_module_is_a_course_error():
    from autograder.errors import CourseError
    from autograder.reference_runner import ReferenceRunner

    with pytest.raises(CourseError, match=r"unknown assignment .no_such_assignment."):
        ReferenceRunner(COURSE.assignment("no_such_assignment"), "cpu")


def test_a_multi_line_message_is_printed_as_one_line(monkeypatch, capsys):
    import autograder.cli
    from autograder.errors import AutograderError

    def fail(args):
        raise AutograderError("first\n\n  second  \n")

    monkeypatch.setattr(autograder.cli, "cmd_export", fail)
    code, err = run_main(["export", "--format", "long"], capsys)
    assert code == 2 and err == "error: first; second\n"
def test_an_unusable_course_secret_is_a_usage_error_not_a_traceback(monkeypatch, capsys):
    from autograder.cli import main

    monkeypatch.setenv("PCPT_COURSE_SECRET", "short")
    assert main(["grade", str(source_notebook("gradient_basics")), "--assignment", "gradient_basics"]) == 2
    assert "PCPT_COURSE_SECRET must be at least" in capsys.readouterr().err


def test_samples_writes_each_corpus_case_as_an_nbgrader_submission(tmp_path):
    from autograder.authoring.corpus import cases
    from autograder.cli import main

    assert main(["samples", "minibatch_sgd", "--out", str(tmp_path / "submitted")]) == 0
    written = sorted(p.relative_to(tmp_path / "submitted") for p in (tmp_path / "submitted").rglob("*.ipynb"))
    names = [case.name for case in cases("minibatch_sgd", course=COURSE)]
    assert written == sorted(Path(name, "minibatch_sgd", "minibatch_sgd.ipynb") for name in names) and names
