"""Every runnable shell block of README.md and docs/*.md, run verbatim, in order, in a fresh clone.

Convention and how this clone differs from a user's: tests/docs/README.md.
"""

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.docs.runner import collect, parse, run_block

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
DOCS = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]
BLOCKS = collect(ROOT, DOCS)


def test_every_shell_block_of_the_docs_is_marked():
    assert [b for b in BLOCKS if b.kind == "run"], "no runnable block found"   # collect raised on a bad one


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if not (VENV / ".installed").exists():
        pytest.skip("needs the project's installed .venv (make install)")
    root = tmp_path_factory.mktemp("docs") / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(root)], check=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", head.stdout.strip()], check=True)
    # The installed venv stands in for `make install` (a user's clone builds its own): older than its
    # stamp, pyproject.toml makes no reinstall, and PYTHONPATH makes the clone's engine and course the
    # ones imported (the venv's editable install points at this checkout).
    (root / ".venv").symlink_to(VENV, target_is_directory=True)
    stamp = (VENV / ".installed").stat().st_mtime
    os.utime(root / "pyproject.toml", (stamp - 60, stamp - 60))
    env = {**os.environ, "PATH": f"{root / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "VIRTUAL_ENV": str(root / ".venv"), "PYTHONPATH": str(root), "HOME": str(root.parent / "home"),
           "PCPT_WORKERS": "2"}
    (root.parent / "home").mkdir()
    env.pop("PCPT_COURSE_ROOT", None)
    env.pop("PCPT_REFERENCE_CACHE", None)   # the suite's shared folder (tests/conftest.py): a user has none
    return root, env


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=[b.name for b in BLOCKS])
def test_documented_commands_run_as_written(block, clone):
    root, env = clone
    if block.kind == "skip":
        pytest.skip(f"{block.name}: {block.reason}")
    in_clone = [b for b in parse((root / block.doc).read_text(), block.doc) if b.line == block.line]
    assert in_clone and in_clone[0].script == block.script, f"{block.name}: commit the docs before running this test"
    start = time.monotonic()
    outcome = run_block(block, root, env)
    assert outcome.ok, outcome.message
    print(f"{block.name}: {time.monotonic() - start:.1f} s")
