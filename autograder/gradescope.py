"""Gradescope's autograder: the zip an instructor uploads, and what runs inside it.

``python -m autograder export --format gradescope-autograder --assignment NAME`` writes a zip in
Gradescope's documented layout (Gradescope unzips it into ``/autograder/source``, runs
``setup.sh`` there once to build its image, then for each submission copies ``run_autograder``
to ``/autograder/run_autograder`` and runs it; the student's files are in
``/autograder/submission``, the result goes to ``/autograder/results/results.json``):

    setup.sh          Ubuntu image: python, bubblewrap, a venv with the CPU build of torch and the engine
    run_autograder    grades /autograder/submission/*.ipynb with ``python -m autograder.gradescope``
    config.json       the assignment, the torch version
    engine/           the engine's source (installed by setup.sh)
    course/           what grading reads: nbgrader_config.py, pyproject.toml ([tool.autograder]),
                      the course secret, assignments/<a>/ (checks, misconceptions), reference/,
                      source/<a>/ and release/<a>/. Gradescope never shows source/ to students.

The root is ``$GRADESCOPE_AUTOGRADER_ROOT`` (default ``/autograder``) and the interpreter
``$PCPT_GRADESCOPE_PYTHON`` (default the venv setup.sh makes), so the zip can be tried in a
folder shaped like ``/autograder`` with an installed engine.
"""

from __future__ import annotations

import json
import stat
import sys
import time
import zipfile
from pathlib import Path

from . import course as courses
from .errors import AutograderError

ROOT_VARIABLE = "GRADESCOPE_AUTOGRADER_ROOT"
PYTHON_VARIABLE = "PCPT_GRADESCOPE_PYTHON"
ENGINE_FILES = ("pyproject.toml", "README.md")
SKIP = ("__pycache__", ".ipynb_checkpoints", "corpus", "equivalent_mutants.toml")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source on its Ubuntu image.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/python -m pip install -q --upgrade pip
/autograder/venv/bin/python -m pip install -q --index-url https://download.pytorch.org/whl/cpu "torch=={torch}"
/autograder/venv/bin/python -m pip install -q ./engine
/autograder/venv/bin/python -c "import torch, autograder; print('torch', torch.__version__, 'engine', autograder.__version__)"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission: grade /autograder/submission/*.ipynb into
# /autograder/results/results.json (written even when grading cannot run).
set -uo pipefail
ROOT="${GRADESCOPE_AUTOGRADER_ROOT:-/autograder}"
PY="${PCPT_GRADESCOPE_PYTHON:-$ROOT/venv/bin/python}"
export PCPT_COURSE_ROOT="$ROOT/source/course"
cd "$ROOT/source/course"
exec "$PY" -m autograder.gradescope "$ROOT"
"""


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not set(path.relative_to(folder).parts) & set(SKIP):
            yield path


def build_zip(course: courses.Course, assignment: str, out: Path | None = None) -> list[str]:
    """Write the autograder zip of one assignment; return lines saying what was written."""
    import torch

    from .variants import SECRET_FILE, load_secret

    spec = course.assignment(assignment)
    root, engine = course.root, courses.ENGINE_CHECKOUT
    if not all((engine / name).is_file() for name in ENGINE_FILES):
        raise AutograderError(f"the engine's source (pyproject.toml, autograder/) is not at {engine}: export the "
                              "Gradescope autograder from a checkout of the project")
    if out is None:   # like a batch's outputs: in the nbgrader course the command runs in
        from .nbgrader_course import configured

        here = configured(Path.cwd())
        out = (here.root if here else root) / "grading" / assignment / f"{assignment}_gradescope_autograder.zip"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    version = torch.__version__.split("+")[0]
    entries: dict[str, bytes] = {
        "setup.sh": SETUP_SH.replace("{torch}", version).encode(),
        "run_autograder": RUN_AUTOGRADER.encode(),
        "config.json": json.dumps({"assignment": assignment, "torch": version}, indent=1).encode(),
        f"course/{SECRET_FILE}": load_secret(root) + b"\n",
    }
    for name in ENGINE_FILES:
        entries[f"engine/{name}"] = (engine / name).read_bytes()
    for path in _files(engine / "autograder"):
        entries[f"engine/{path.relative_to(engine).as_posix()}"] = path.read_bytes()
    course_files = [root / "nbgrader_config.py", root / "pyproject.toml",
                    *(p for p in sorted((root / courses.CONTENT).glob("*.py"))),
                    *_files(spec.folder), *_files(root / "reference"),
                    *_files(root / "source" / assignment), *_files(root / "release" / assignment)]
    for path in course_files:
        if path.is_file():
            entries[f"course/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    temporary = out.with_name(out.name + ".part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            executable = name in ("setup.sh", "run_autograder")
            mode = 0o755 if executable else 0o600 if name.endswith(SECRET_FILE) else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    temporary.replace(out)
    return [f"gradescope-autograder: {out} (upload it as the assignment's autograder; it holds the checks, the "
            "reference and the course secret: keep it private)"]


# -- inside Gradescope's container ------------------------------------------------------------

def _student_id(root: Path) -> str:
    """The submitter as Gradescope names them (submission_metadata.json): student id, else email."""
    try:
        users = json.loads((root / "submission_metadata.json").read_text()).get("users") or []
    except (OSError, ValueError):
        users = []
    for user in users:
        for key in ("sid", "email", "id"):
            if user.get(key):
                return str(user[key])
    return "gradescope"


def _notebook(root: Path, assignment: str) -> tuple[Path | None, str]:
    found = sorted(p for p in (root / "submission").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    named = [p for p in found if p.name == f"{assignment}.ipynb"]
    if len(named) == 1 or len(found) == 1:
        return (named or found)[0], ""
    if not found:
        return None, f"no notebook was submitted: upload {assignment}.ipynb"
    return None, (f"several notebooks were submitted ({', '.join(p.name for p in found)}): upload "
                  f"{assignment}.ipynb only")


def run(root: Path) -> dict:
    """Grade the submission in ``root`` (Gradescope's /autograder); write and return results.json's content."""
    from .export import gradescope_results
    from .grade import grade_notebook
    from .settings import load_settings

    assignment = json.loads((root / "source" / "config.json").read_text())["assignment"]
    notebook, problem = _notebook(root, assignment)
    if notebook is None:
        payload = {"score": 0, "output": problem, "tests": []}
    else:   # Gradescope's entry into the engine: the course is resolved here
        course = courses.Course.find().importable()
        result = grade_notebook(notebook, course.assignment(assignment), load_settings(course=course),
                                student_id=_student_id(root))
        payload = gradescope_results(result)
    # Our messages are Markdown (code in backticks, arrows); Gradescope renders them as such.
    payload.update(output_format="md", test_output_format="md")
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(payload, indent=1, allow_nan=False))
    return payload


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "/autograder")
    try:
        payload = run(root)
    except Exception as exc:  # noqa: BLE001 - Gradescope shows nothing without results.json
        payload = {"score": 0, "output_format": "md",
                   "output": f"The autograder could not run ({type(exc).__name__}: {exc}); tell your instructor.",
                   "tests": []}
        (root / "results").mkdir(parents=True, exist_ok=True)
        (root / "results" / "results.json").write_text(json.dumps(payload, indent=1))
        print(payload["output"], file=sys.stderr)
        return 1
    print(f"{payload.get('score', 0):g} points: {payload.get('output', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
