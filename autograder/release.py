"""Generate the student releases from the instructor notebooks with nbgrader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .course import Course
from .errors import CourseError, ReleaseError


def nbgrader_env() -> dict:
    """nbgrader runs helper programs (``alembic``) by name: put this Python's scripts first on PATH."""
    env = dict(os.environ)
    scripts = str(Path(sys.executable).parent)
    if scripts not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = os.pathsep.join([scripts, env.get("PATH", "")])
    return env


def use_nbgrader_env() -> None:
    """The same for nbgrader's API used in this process (its Gradebook runs ``alembic``)."""
    os.environ["PATH"] = nbgrader_env()["PATH"]


def run_nbgrader(args: list[str], root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True, text=True,
                          env=nbgrader_env())


def last_line(text: str) -> str:
    """The last non-empty line of a tool's output: usually the error itself."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def generate_release(course: Course, name: str) -> Path:
    """Run ``nbgrader generate_assignment`` for one assignment; return the release notebook."""
    assignment = course.assignment(name)   # names the course's assignments when the name is wrong
    if not assignment.source_notebook.exists():
        raise CourseError(f"{assignment.source_notebook}: the instructor notebook of {name} is missing")
    completed = run_nbgrader(["generate_assignment", name, "--force", "--log-level=WARN"], course.root)
    if completed.returncode != 0:
        raise ReleaseError(f"nbgrader generate_assignment {name} failed: {last_line(completed.stderr)}")
    return assignment.release_notebook


def copy_course(destination: Path, root: Path) -> Path:
    """A throw-away copy of the course in ``root`` (config, sources, releases) for nbgrader runs."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", destination / "nbgrader_config.py")
    for folder in ("source", "release"):
        if (root / folder).exists():
            shutil.copytree(root / folder, destination / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return destination
