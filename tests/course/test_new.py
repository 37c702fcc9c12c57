"""``python -m autograder new``: the skeleton releases, validates and grades as written."""

import json
import subprocess
import sys

import pytest

from autograder import course as courses
from autograder.samples import write_sample
from tests.helpers.course import copy_course

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
NAME = "toy_assignment"


def autograder(course, *args):
    return subprocess.run([sys.executable, "-m", "autograder", "--course", course, *map(str, args)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("new") / "course")
    done = autograder(root, "new", NAME)
    assert done.returncode == 0, done.stderr
    for step in ("release", "validate"):
        assert f"python -m autograder {step} {NAME}" in done.stdout
    return root


def test_new_writes_the_skeleton_and_release_and_validate_pass_on_it(course):
    assert courses.Course.at(course).assignment(NAME).graded_functions == ("scale",)
    released = autograder(course, "release", NAME)
    assert released.returncode == 0, released.stderr
    validated = autograder(course, "validate", NAME)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert f"{NAME}: ok" in validated.stdout and "1 of 1 assignments pass validation" in validated.stdout


@pytest.mark.parametrize("case, full_marks", [("correct_reference_style", True),
                                              ("added_instead_of_multiplied", False)])
def test_the_skeleton_corpus_grades_as_its_json_says(course, case, full_marks, tmp_path, monkeypatch):
    if not courses.Course.at(course).assignment(NAME).release_notebook.exists():
        assert autograder(course, "release", NAME).returncode == 0
    monkeypatch.setenv(courses.COURSE_ROOT_VARIABLE, str(course))
    new = courses.Course.at(course).assignment(NAME)
    sample = write_sample(new.corpus_dir / f"{case}.py", new, tmp_path / f"{NAME}.ipynb")
    done = autograder(course, "grade", sample, "--assignment", NAME, "--device", "cpu", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "graded" and result["max_score"] == 2
    if full_marks:
        assert result["score"] == 2, result["tests"]
    else:
        assert result["score"] < 2
        assert "added_instead_of_multiplied" in {t.get("misconception") for t in result["tests"]}


def test_new_refuses_to_overwrite_an_assignment(course):
    done = autograder(course, "new", NAME)
    assert done.returncode == 2
    assert f"assignment '{NAME}' exists already" in done.stderr and "never overwrites" in done.stderr


def test_new_refuses_a_name_that_is_not_an_identifier(course):
    done = autograder(course, "new", "my-assignment")
    assert done.returncode == 2 and "cannot name an assignment" in done.stderr
    assert not (course / "source" / "my-assignment").exists()
