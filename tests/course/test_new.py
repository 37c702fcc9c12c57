"""``python -m autograder new``: the skeleton releases, validates and grades as written."""

import subprocess
import sys

import pytest

from autograder import course as courses
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


def test_the_skeleton_corpus_grades_as_its_json_says_and_corpus_lists_a_mismatch(course):
    """``corpus NAME`` grades the skeleton's cases (correct, misconception, broken cell) as their .json say;
    a case whose .json is wrong is listed and the exit status is 1."""
    if not courses.Course.at(course).assignment(NAME).release_notebook.exists():
        assert autograder(course, "release", NAME).returncode == 0
    folder = course / "assignments" / NAME / "corpus"
    (folder / "mislabeled.py").write_text((folder / "added_instead_of_multiplied.py").read_text())
    (folder / "mislabeled.json").write_text('{"description": "a wrong answer labelled correct", "lost": {}}')
    try:
        done = autograder(course, "corpus", NAME, "--device", "cpu", "--workers", "1")
    finally:
        for suffix in (".py", ".json"):
            (folder / f"mislabeled{suffix}").unlink()
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{NAME}: 3 of 4 cases graded as expected on cpu" in done.stdout
    mismatches = [line for line in done.stdout.splitlines() if line.startswith("MISMATCH")]
    assert len(mismatches) == 1 and mismatches[0].startswith("MISMATCH mislabeled: scale: 0/2 but should keep full "
                                                             "marks"), done.stdout


def test_new_refuses_to_overwrite_an_assignment(course):
    done = autograder(course, "new", NAME)
    assert done.returncode == 2
    assert f"assignment '{NAME}' exists already" in done.stderr and "never overwrites" in done.stderr


def test_new_refuses_a_name_that_is_not_an_identifier(course):
    done = autograder(course, "new", "my-assignment")
    assert done.returncode == 2 and "cannot name an assignment" in done.stderr
    assert not (course / "source" / "my-assignment").exists()
