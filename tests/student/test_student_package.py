"""The student check package (``student/``, pcpt-check): in sync, free of hidden material, usable alone,
assembled from the grader's own ``pcpt_portable`` when the wheel is built."""

import base64
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.helpers.course import ASSIGNMENTS, COURSE, PROJECT_ROOT, corpus_dir

STUDENT_ROOT = PROJECT_ROOT / "student"
PACKAGE = STUDENT_ROOT / "pcpt_check"
PORTABLE = PROJECT_ROOT / "pcpt_portable"
from pcpt_portable.compare import compare
from autograder.runner import CheckSession
from autograder.samples import write_sample
from autograder.settings import load_settings
from autograder.student_package import public_checks
from pcpt_portable.tolerances import Tolerance
from pcpt_portable import testfuncs, wire

HIDDEN_TEST_CELL_MARKERS = ("BEGIN HIDDEN TESTS", "run_hidden_checks", "BEGIN SOLUTION")


def decode(stored):
    return wire.decode(stored["tree"], [base64.b64decode(b) for b in stored["blobs"]],
                       resolve_callable=testfuncs.build)


def hidden_check_names(assignment):
    with CheckSession.open(COURSE.assignment(assignment), select=lambda meta: meta.get("visibility") == "hidden") as checks:
        return {item.originalname if hasattr(item, "originalname") else item.name for item in checks.items}


TEXT_SUFFIXES = (".py", ".json", ".md", ".toml", ".txt", ".in", "")
GRADER_IMPORT = re.compile(r"^\s*(from|import)\s+(autograder|reference)\b", re.M)


def package_text(root: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(root.rglob("*"))
                     if p.is_file() and p.suffix in TEXT_SUFFIXES)


def committed_student_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "student"], cwd=PROJECT_ROOT, check=True, capture_output=True,
                            text=True).stdout.split()
    return [PROJECT_ROOT / name for name in listed]


def shipped_text() -> str:
    """What the wheel is made of: the committed student files and the portable package."""
    files = committed_student_files() + sorted(PORTABLE.glob("*.py"))
    return "\n".join(p.read_text(errors="replace") for p in files if p.suffix in TEXT_SUFFIXES)


@pytest.mark.slow
def test_committed_package_matches_the_checks_and_the_reference():
    for assignment in ASSIGNMENTS:
        fresh = public_checks(COURSE, assignment)
        committed = json.loads((PACKAGE / "checks" / f"{assignment}.json").read_text())
        assert {k: v for k, v in fresh.items() if k != "checks"} == \
               {k: v for k, v in committed.items() if k != "checks"}, f"run `make release` ({assignment})"
        assert [(c["name"], c["points"], len(c["expectations"])) for c in fresh["checks"]] == \
               [(c["name"], c["points"], len(c["expectations"])) for c in committed["checks"]]
        for new_check, old_check in zip(fresh["checks"], committed["checks"]):
            for new, old in zip(new_check["expectations"], old_check["expectations"]):
                assert {k: v for k, v in new.items() if k not in ("expected", "variants")} == \
                       {k: v for k, v in old.items() if k not in ("expected", "variants")}, new_check["name"]
                if "expected" in new:  # values from this machine's reference, within the check's own tolerance
                    tolerance = Tolerance(new["rtol"], new["atol"])
                    assert compare(decode(old["expected"]), decode(new["expected"]), tolerance, **new["options"]) is None
                    assert [v["key"] for v in new.get("variants", [])] == [v["key"] for v in old.get("variants", [])]
                    for fresh_variant, old_variant in zip(new.get("variants", []), old.get("variants", [])):
                        assert (fresh_variant["value"] is None) == (old_variant["value"] is None)
                        if fresh_variant["value"] is not None:
                            options = dict(new["options"], nonfinite_equivalent=True)
                            assert compare(decode(old_variant["value"]), decode(fresh_variant["value"]), tolerance,
                                           **options) is None, new_check["name"]


@pytest.mark.slow
def test_package_holds_no_hidden_check_solution_or_grading_seed():
    text = shipped_text()
    for assignment in ASSIGNMENTS:
        for name in hidden_check_names(assignment):
            assert name not in text, f"hidden check {name} appears in the student package"
    for marker in HIDDEN_TEST_CELL_MARKERS + ("from reference", "import reference"):
        assert marker not in text
    assert not GRADER_IMPORT.search(text), "the student package imports the grader or the reference"
    assert str(load_settings().seed) not in text
    for assignment in ASSIGNMENTS:
        data = json.loads((PACKAGE / "checks" / f"{assignment}.json").read_text())
        assert 0 < data["public_points"] < data["total_points"]
        assert all(c["name"].startswith("test_") and c["expectations"] for c in data["checks"])


def test_no_engine_code_is_committed_in_the_student_package():
    """The wheel's engine part is ``pcpt_portable``, copied in at build time: the course commits only its own code."""
    committed = {str(p.relative_to(STUDENT_ROOT)) for p in committed_student_files() if p.suffix == ".py"}
    assert committed == {"build_backend/pcpt_build.py", "pcpt_check/__init__.py", "pcpt_check/__main__.py",
                         "pcpt_check/notebook.py", "pcpt_check/runner.py"}
    assert not (STUDENT_ROOT / "pcpt_portable").exists(), "a build left its copy of pcpt_portable behind"
    for module in PORTABLE.glob("*.py"):   # it travels as it is: no imports of the engine, none of its own name
        text = module.read_text()
        assert not GRADER_IMPORT.search(text) and not re.search(r"^\s*(from|import)\s+pcpt_portable", text, re.M), \
            module.name


def _distribution_closure(names):
    """Installed distributions ``names`` need at run time (markers evaluated here)."""
    seen, queue = {}, list(names)
    while queue:
        name = queue.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        for spec in dist.requires or ():
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                queue.append(requirement.name)
    return seen.values()


def _torch_only_site(folder: Path) -> Path:
    """A folder linking torch, numpy and what they need, and nothing else of this environment."""
    folder.mkdir()
    for dist in _distribution_closure(["torch", "numpy"]):
        for top in {Path(str(f)).parts[0] for f in dist.files or () if not str(f).startswith("..")}:
            source = Path(dist.locate_file(top))
            if source.exists() and not (folder / top).exists() and top not in ("__pycache__", "bin"):
                (folder / top).symlink_to(source)
    return folder


@pytest.fixture(scope="module")
def student_env(tmp_path_factory):
    """A fresh venv with torch (linked) and the built pcpt-check wheel: no grader, no reference."""
    root = tmp_path_factory.mktemp("student")
    wheels = root / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", wheels,
                    STUDENT_ROOT], check=True, capture_output=True, cwd=root)
    wheel, = wheels.glob("pcpt_check-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(root / "unpacked")   # the wheel's files, for a Jupyter kernel's PYTHONPATH
    venv.EnvBuilder(with_pip=False).create(root / "venv")
    python = root / "venv" / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "torch_only.pth").write_text(str(_torch_only_site(root / "torch_site")) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel],
                   check=True, capture_output=True)
    work = root / "work"
    write_sample(corpus_dir("linear_regression") / "correct_reference_style.py", COURSE.assignment("linear_regression"),
                 work / "ok" / "linear_regression.ipynb")
    write_sample(corpus_dir("linear_regression") / "sum_instead_of_mean.py", COURSE.assignment("linear_regression"),
                 work / "wrong" / "linear_regression.ipynb")
    (work / "notes").mkdir()
    return root, python, site


def run_in(folder, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PCPT_COURSE_ROOT")}
    return subprocess.run(list(map(str, args)), cwd=folder, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.e2e
@pytest.mark.slow
def test_fresh_install_checks_a_correct_and_a_wrong_notebook_from_any_folder(student_env):
    root, _, _ = student_env
    notes = root / "work" / "notes"
    relative_python = "../../venv/bin/python"   # a relative interpreter path, run from another folder
    good = run_in(notes, relative_python, "-m", "pcpt_check", "../ok/linear_regression.ipynb")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "public checks: 6 / 6 points; the assignment is worth 20 with hidden checks" in good.stdout
    bad = run_in(notes, relative_python, "-m", "pcpt_check", "../wrong/linear_regression.ipynb")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"✘ failed\s+mse_loss", bad.stdout) and "does not match the expected result" in bad.stdout
    one = run_in(notes, relative_python, "-m", "pcpt_check", "../wrong/linear_regression.ipynb",
                 "linear_regression_gradients")
    assert one.returncode == 0 and "public checks of linear_regression_gradients: 1 / 1 points" in one.stdout
    missing = run_in(notes, relative_python, "-m", "pcpt_check", "nothing.ipynb")
    assert missing.returncode == 2 and "nothing.ipynb: file not found" in missing.stderr
    (notes / "README.md").write_text("# notes\n")
    not_notebook = run_in(notes, relative_python, "-m", "pcpt_check", "README.md")
    assert not_notebook.returncode == 2 and "README.md: not a notebook" in not_notebook.stderr


@pytest.mark.e2e
@pytest.mark.slow
def test_check_in_a_notebook_reads_the_kernel_namespace(student_env):
    root, python, _ = student_env
    script = ("import __main__\n"
              "from pcpt_check.notebook import run_notebook\n"
              "namespace, _ = run_notebook(__import__('pathlib').Path('wrong/linear_regression.ipynb'))\n"
              "vars(__main__).update({k: v for k, v in namespace.items() if not k.startswith('__')})\n"
              "from pcpt_check import check\n"
              "report = check('linear_regression_gradients')\n"
              "assert report.passed, report\n"
              "report = check()\n"
              "assert not report.passed and report.assignment == 'linear_regression'\n"
              "print('SCORE', report.score, report.max_score, report.total_points)\n")
    done = run_in(root / "work", python, "-c", script)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"SCORE \d\.0 6\.0 20\.0", done.stdout)


@pytest.mark.e2e
@pytest.mark.slow
def test_the_wheel_carries_the_portable_package_as_the_engine_has_it(student_env):
    root, _, site = student_env
    installed = sorted(p.name for p in (site / "pcpt_portable").glob("*.py"))
    assert installed == sorted(p.name for p in PORTABLE.glob("*.py"))
    for name in installed:
        assert (site / "pcpt_portable" / name).read_text() == (PORTABLE / name).read_text(), name
    assert not (STUDENT_ROOT / "pcpt_portable").exists(), "the build left its copy in the source tree"


@pytest.mark.e2e
@pytest.mark.slow
def test_student_environment_has_no_grader_reference_or_hidden_checks(student_env):
    root, python, site = student_env
    for module in ("reference", "autograder", "reference.linear_regression"):
        done = run_in(root, python, "-c", f"import {module}")
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, module
    installed = package_text(site / "pcpt_check")
    assert installed and "def check(" in installed
    for assignment in ASSIGNMENTS:
        for name in hidden_check_names(assignment):
            assert name not in installed


@pytest.mark.e2e
@pytest.mark.slow
def test_check_in_a_jupyter_kernel_shows_one_html_report(student_env, tmp_path, monkeypatch):
    import nbclient
    import nbformat

    root, _, _ = student_env
    notebook_path = write_sample(corpus_dir("gradient_basics") / "correct_reference_style.py", COURSE.assignment("gradient_basics"),
                                 tmp_path / "gradient_basics.ipynb")
    notebook = nbformat.read(str(notebook_path), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "from pcpt_check import check\nreport = check()\nassert report.passed, report\n"
        "one = check('derivative_at')\nassert [o.function for o in one.outcomes] == ['derivative_at']"))
    notebook.cells.append(nbformat.v4.new_code_cell("check('derivative_at')"))   # the report as the cell's value
    notebook.cells.append(nbformat.v4.new_code_cell("one"))                      # shown again when asked for
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(root / "unpacked"), os.environ.get("PYTHONPATH", "")]))
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [cell.outputs for cell in notebook.cells[-3:]]
    every = [o for cell in outputs for o in cell]
    assert all(o.output_type != "error" for o in every), [o for o in every if o.output_type == "error"]
    assert not any("<pcpt_check" in json.dumps(o) for o in every), "a stray repr line in the notebook"
    html = [o.data["text/html"] for o in outputs[0]]
    assert len(html) == 2 and all(o.output_type == "display_data" for o in outputs[0])
    assert "public checks: 7 / 7 points; the assignment is worth 18 with hidden checks" in html[0]
    assert "<table>" in html[0] and "public checks of derivative_at: 1 / 1 points" in html[1]
    assert [o.output_type for o in outputs[1]] == ["display_data"], "check() as a cell's value shows twice"
    assert [o.output_type for o in outputs[2]] == ["display_data"]
    assert "public checks of derivative_at: 1 / 1 points" in outputs[2][0].data["text/plain"]
