"""`make student-wheel` builds our pcpt_check wheel from student/, and nothing from a package index."""

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"


@pytest.mark.skipif(shutil.which("make") is None or not (VENV / ".installed").exists(),
                    reason="needs make and the project's .venv")
@pytest.mark.e2e
def test_make_student_wheel_builds_our_package_without_the_index(tmp_path):
    # A copy of what the target needs; `-o` keeps make from reinstalling the project from this copy
    # into the venv (a pyproject.toml newer than the venv's stamp would, and the venv would then
    # import the project from a folder that is deleted after the test). An index that cannot be
    # reached proves nothing is downloaded.
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "student", tmp_path / "student", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    shutil.copytree(ROOT / "pcpt_portable", tmp_path / "pcpt_portable", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_NO_CACHE_DIR": "1"}
    done = subprocess.run(["make", "-o", str(VENV / ".installed"), "student-wheel", f"VENV={VENV}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert len(wheels) == 1 and wheels[0].startswith("pcpt_check-") and wheels[0].endswith(".whl"), wheels
    with zipfile.ZipFile(tmp_path / "dist" / wheels[0]) as wheel:
        names = set(wheel.namelist())
        ours = {p.relative_to(ROOT / "student").as_posix() for p in (ROOT / "student" / "pcpt_check").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
        assert ours <= names, sorted(ours - names)
        for name in ours:
            assert wheel.read(name) == (ROOT / "student" / name).read_bytes(), name
        portable = {p.relative_to(ROOT).as_posix(): p for p in (ROOT / "pcpt_portable").rglob("*.py")}
        wheel_portable = {n.replace("pcpt_check/pcpt_portable/", "pcpt_portable/", 1) for n in names
                          if "pcpt_portable/" in n and n.endswith(".py")}
        assert set(portable) <= wheel_portable, sorted(set(portable) - wheel_portable)
