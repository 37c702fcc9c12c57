"""A course imports one engine module, ``autograder.api``: the engine's internals can move without breaking it."""

from __future__ import annotations

import ast
from pathlib import Path

import autograder.api as api
from autograder.authoring import new

ENGINE_PACKAGES = ("autograder", "pcpt_portable")
COURSE_CONTENT = Path(__file__).resolve().parents[2] / "assignments"


def _engine_imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in ENGINE_PACKAGES}
    return found


def test_the_course_imports_only_the_check_api():
    imported = {}
    for path in sorted(COURSE_CONTENT.rglob("*.py")):
        if "corpus" in path.parts:   # sample submissions, not course code
            continue
        for module in _engine_imports(path.read_text()):
            imported.setdefault(module, []).append(str(path.relative_to(COURSE_CONTENT)))
    assert set(imported) == {"autograder.api"}, imported


def test_a_new_assignment_imports_only_the_check_api():
    for name, text in new.files("shiny").items():
        if name.endswith(".py"):
            assert _engine_imports(text) <= {"autograder.api"}, name


def test_every_name_the_api_lists_resolves():
    for name in api.__all__:
        assert getattr(api, name) is not None, name
