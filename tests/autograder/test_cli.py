"""The command line of CONTRACT §4, as outside test suites call it."""

import json
import subprocess
import sys

import pytest

from autograder.assignments import release_notebook, source_notebook

pytestmark = pytest.mark.slow
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


def test_check_runs_only_the_public_checks():
    done = autograder("check", release_notebook("linear_regression"))
    assert done.returncode == 0, done.stderr
    assert "public checks" in done.stdout and "score: 0 / 5" in done.stdout
    assert "hidden" not in done.stdout.replace("hidden checks run when", "")
    assert "not implemented yet" in done.stdout


def test_unknown_assignment_and_bad_settings_are_usage_errors(tmp_path):
    assert autograder("grade", "x.ipynb", "--assignment", "nope").returncode == 2
    bad = autograder("grade", release_notebook("gradient_basics"), "--assignment", "gradient_basics",
                     "--call-timeout", "-1")
    assert bad.returncode == 2 and "--call-timeout" in bad.stderr
