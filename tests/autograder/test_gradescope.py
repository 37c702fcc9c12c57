"""Gradescope's autograder zip (autograder/gradescope.py): its layout, and its run_autograder,
run in a temporary /autograder-shaped folder, gives the scores our batch gives."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from autograder.batch import run_batch
from autograder.samples import write_sample
from tests.helpers.course import COURSE, PROJECT_ROOT, corpus_dir, shared_settings

pytestmark = [pytest.mark.slow, pytest.mark.batch]
ASSIGNMENT = "gradient_basics"
STUDENTS = {"ann": "correct_pow_and_functional", "bob": "missing_factor_2"}


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    path = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    done = subprocess.run([sys.executable, "-m", "autograder", "export", "--format", "gradescope-autograder",
                           "--assignment", ASSIGNMENT, "--out", str(path)], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert str(path) in done.stdout and "keep it private" in done.stdout
    return path


def test_the_zip_has_gradescopes_layout_and_what_setup_installs(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        archive.extractall(tmp_path)
    assert {"setup.sh", "run_autograder", "config.json"} <= names          # at the zip's root
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    for script in ("setup.sh", "run_autograder"):
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0, script
    setup = (tmp_path / "setup.sh").read_text()
    assert "pip install -q ./engine" in setup and (tmp_path / "engine" / "pyproject.toml").is_file()
    assert (tmp_path / "engine" / "autograder" / "gradescope.py").is_file()
    import torch
    assert f'"torch=={torch.__version__.split("+")[0]}"' in setup and "download.pytorch.org/whl/cpu" in setup
    course = tmp_path / "course"
    for needed in ("nbgrader_config.py", "pyproject.toml", ".pcpt_course_secret", f"assignments/{ASSIGNMENT}/checks.py",
                   f"reference/{ASSIGNMENT}.py", f"source/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                   f"release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"):
        assert (course / needed).is_file(), needed
    assert modes["course/.pcpt_course_secret"] & 0o077 == 0
    other = {"linear_regression", "autograd_descent"}    # only this assignment's checks and notebooks
    assert not [n for n in names if any(f"/{o}/" in n for o in other) and not n.startswith("engine/")]
    assert not [n for n in names if "/corpus/" in n or "__pycache__" in n]


def test_run_autograder_scores_as_the_batch_does(autograder_zip, tmp_path):
    submitted = tmp_path / "submitted"
    for student, case in STUDENTS.items():
        write_sample(corpus_dir(ASSIGNMENT) / f"{case}.py", COURSE.assignment(ASSIGNMENT),
                     submitted / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    summary = run_batch(submitted, COURSE.assignment(ASSIGNMENT), shared_settings(device="cpu", workers=1), tmp_path / "out")

    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    env = {**os.environ, "GRADESCOPE_AUTOGRADER_ROOT": str(root), "PCPT_GRADESCOPE_PYTHON": sys.executable,
           "PCPT_DEVICE": "cpu"}
    env.pop("PCPT_COURSE_ROOT", None)
    for student in STUDENTS:
        (root / "submission").mkdir(parents=True, exist_ok=True)
        for old in (root / "submission").iterdir():
            old.unlink()
        (root / "submission" / f"{ASSIGNMENT}.ipynb").write_bytes(
            (submitted / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes())
        (root / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": student, "name": student}]}))
        done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                              text=True, timeout=300, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        results = json.loads((root / "results" / "results.json").read_text())
        expected = summary.results[student]
        assert results["score"] == expected.score, (student, results["output"])
        assert results["output_format"] == results["test_output_format"] == "md"
        assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]] == \
            [(f"{t.function}: {t.name}", t.points, t.max_points) for t in expected.tests]
        assert {t["visibility"] for t in results["tests"]} <= {"visible", "after_published"}
        assert all({"name", "score", "max_score", "output", "visibility"} <= set(t) for t in results["tests"])
    assert summary.results["ann"].score == summary.results["ann"].max_score > summary.results["bob"].score


def test_without_a_notebook_results_json_says_what_to_upload(autograder_zip, tmp_path):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    (root / "submission" / "notes.txt").write_text("hello")
    env = {**os.environ, "GRADESCOPE_AUTOGRADER_ROOT": str(root), "PCPT_GRADESCOPE_PYTHON": sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and f"upload {ASSIGNMENT}.ipynb" in results["output"]
