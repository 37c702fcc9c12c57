"""The engine is a wheel of its own: installed (not editable) in a fresh virtual environment
that has never seen this course, it grades a copy of the course placed in another folder
exactly as the development checkout grades it in place.

The fresh environment borrows the heavy dependencies (torch, nbgrader, pytest) from the
development one through a ``.pth`` line naming its site-packages: that puts the folder on
the path without running the ``.pth`` files inside it, so neither the editable install of
the engine nor the line that puts this checkout on the path reach the fresh environment.
"""

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import course as courses
from autograder.grade import Grader
from autograder.samples import write_sample
from autograder.settings import load_settings
from tests.helpers.course import COURSE, PROJECT_ROOT, corpus_dir

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

ENGINE_FILES = ("pyproject.toml", "README.md", "autograder", "pcpt_portable")
COURSE_FILES = ("nbgrader_config.py", "pyproject.toml", "source", "release", "reference", "assignments")
SAMPLES = {"linear_regression": ("correct_reference_style", "sum_instead_of_mean"),
           "numerical_gradients": ("correct_reference_style", "forward_difference")}
COMPARED = ("name", "function", "points", "max_points", "outcome", "misconception")


def _clean_env() -> dict[str, str]:
    """This environment without anything that points at this checkout (PYTHONPATH, a course root)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", courses.COURSE_ROOT_VARIABLE)}
    return dict(env, PYTHONNOUSERSITE="1")


def _run(argv, cwd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                          timeout=600, **kwargs)


def _copy(names, source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for name in names:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / name, target / name)


@pytest.fixture(scope="session")
def engine_wheel(tmp_path_factory) -> Path:
    """The engine built as a wheel, from a copy of its files (the checkout stays free of build/)."""
    root = tmp_path_factory.mktemp("engine-wheel")
    _copy(ENGINE_FILES, PROJECT_ROOT, root / "src")
    built = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                  "-w", root / "dist", root / "src"], cwd=root)
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("*.whl")
    return wheel


@pytest.fixture(scope="session")
def fresh_python(tmp_path_factory, engine_wheel) -> Path:
    """A new venv of the base interpreter with the dependencies and the engine wheel, not the course."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    made = _run([base, "-m", "venv", "--without-pip", venv], cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=venv.parent)
    (Path(purelib.stdout.strip()) / "deps.pth").write_text("".join(f"{p}\n" for p in site.getsitepackages()))

    for module in ("autograder", "reference"):
        found = _run([python, "-c", f"import {module}"], cwd=venv.parent)
        assert found.returncode != 0 and "ModuleNotFoundError" in found.stderr, f"{module} importable before install"
    installed = _run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", engine_wheel], cwd=venv.parent)
    assert installed.returncode == 0, installed.stderr
    where = _run([python, "-c", "import autograder; print(autograder.__file__)"], cwd=venv.parent)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    assert _run([python, "-c", "import reference"], cwd=venv.parent).returncode != 0
    return python


def _in_tree(notebooks: dict[str, list[Path]]) -> dict[Path, dict]:
    """The development checkout grading the same notebooks in place (one check session per assignment)."""
    settings = load_settings()
    graded: dict[Path, dict] = {}
    for assignment, paths in notebooks.items():
        with Grader.open(COURSE.assignment(assignment), settings) as grader:
            graded.update((p, grader.grade(p).to_dict()) for p in paths)
    return graded


def _summary(result: dict) -> dict:
    return {"status": result["status"], "score": result["score"], "max_score": result["max_score"],
            "variant_key": result["variant_key"],
            "tests": [{key: test[key] for key in COMPARED} for test in result["tests"]]}


def test_the_installed_wheel_grades_a_course_elsewhere_as_the_checkout_grades_it_in_place(fresh_python, tmp_path):
    course = tmp_path / "elsewhere" / "course"
    _copy(COURSE_FILES, PROJECT_ROOT, course)
    notebooks = {a: [write_sample(corpus_dir(a) / f"{case}.py", COURSE.assignment(a), tmp_path / "notebooks" / f"{a}-{case}.ipynb")
                     for case in cases] for a, cases in SAMPLES.items()}

    runs = {path: subprocess.Popen([str(fresh_python), "-m", "autograder", "--course", str(course), "grade",
                                    str(path), "--assignment", assignment, "--json"],
                                   cwd=tmp_path, env=_clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
            for assignment, paths in notebooks.items() for path in paths}
    expected = _in_tree(notebooks)
    for path, process in runs.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        elsewhere = json.loads(out)
        assert elsewhere["sandbox"] == expected[path]["sandbox"]
        assert _summary(elsewhere) == _summary(expected[path]), path.name
        correct = path.stem.endswith("correct_reference_style")
        assert (elsewhere["score"] == elsewhere["max_score"]) == correct, (path.name, elsewhere["score"])


def test_without_a_course_the_installed_engine_says_so(fresh_python, tmp_path):
    notebook = write_sample(corpus_dir("linear_regression") / "correct_reference_style.py", COURSE.assignment("linear_regression"),
                            tmp_path / "notebook.ipynb")
    ran = _run([fresh_python, "-m", "autograder", "grade", notebook, "--assignment", "linear_regression"],
               cwd=tmp_path)
    assert ran.returncode == 2, ran.stderr
    assert "no course found" in ran.stderr and "Traceback" not in ran.stderr, ran.stderr
