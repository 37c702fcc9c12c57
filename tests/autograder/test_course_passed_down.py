"""The course is resolved once, where a command starts, and passed down (autograder.course).

An AST scan of the engine: ``Course.find`` (the resolution itself) only in entry points, and
no call of the module-level look-ups course.py had (``load_course``, ``assignment``,
``course_root``, ``activate``, ``test_function_sources``), should one come back.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from autograder import course as courses

ROOT = Path(__file__).resolve().parents[2]
ENGINE = (ROOT / "autograder", ROOT / "pcpt_portable")
GLOBAL_LOOKUPS = {"load_course", "assignment", "course_root", "activate", "test_function_sources"}
# Where a process enters the engine: the commands, nbgrader's preprocessor, the Gradescope run,
# the Dask worker plugin; each resolves the course once.
ENTRY_POINTS = {"autograder/cli.py", "autograder/demo.py", "autograder/nbgrader_autograde.py",
                "autograder/nbgrader_checks.py", "autograder/gradescope.py", "autograder/dask_cluster.py"}


def _course_aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names the file gives the course module, and the look-up functions it imports by name."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] == "course":
            functions |= {a.asname or a.name for a in node.names if a.name in GLOBAL_LOOKUPS}
        elif isinstance(node, ast.ImportFrom):
            modules |= {a.asname or a.name for a in node.names if a.name == "course"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name.endswith(".course")}
    return modules, functions


def lookups(source: str) -> tuple[int, int]:
    """(global look-ups, ``Course.find`` calls) in one module's source."""
    tree = ast.parse(source)
    modules, functions = _course_aliases(tree)
    found = finds = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        if isinstance(called, ast.Name) and called.id in functions:
            found += 1
        elif isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name):
            if called.value.id in modules and called.attr in GLOBAL_LOOKUPS:
                found += 1
            elif called.attr == "find" and called.value.id == "Course":
                finds += 1
        elif (isinstance(called, ast.Attribute) and called.attr == "find" and isinstance(called.value, ast.Attribute)
              and called.value.attr == "Course"):
            finds += 1
    return found, finds


def engine_files():
    for package in ENGINE:
        for path in sorted(package.rglob("*.py")):
            name = str(path.relative_to(ROOT))
            if name != "autograder/course.py":   # where the shims are defined
                yield name, path.read_text()


def test_the_scan_sees_each_form_of_a_look_up():
    source = ("from . import course as courses\nfrom .course import course_root, Course\nfrom .. import course\n"
              "courses.assignment('a')\ncourse_root()\ncourse.load_course()\ncourses.Course.find()\nCourse.find(x)\n"
              "course.assignment('a')\nother.assignment('a')\nCourse.at(root).assignment('a')\n")
    assert lookups(source) == (4, 2)


def test_no_module_looks_the_course_up():
    found = Counter({name: count for name, source in engine_files() if (count := lookups(source)[0])})
    assert found == Counter()


def test_the_course_is_resolved_in_entry_points_only():
    resolving = {name for name, source in engine_files() if lookups(source)[1]}
    assert resolving <= ENTRY_POINTS, sorted(resolving - ENTRY_POINTS)


def test_course_py_keeps_no_registry():
    tree = ast.parse((ROOT / "autograder" / "course.py").read_text())
    cached = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
              and any("cache" in ast.unparse(d) for d in node.decorator_list)]
    assert cached == []


def test_content_needs_the_explicit_importable_step(tmp_path, monkeypatch):
    import sys

    root = tmp_path / "course"
    (root / "source").mkdir(parents=True)
    (root / courses.CONTENT).mkdir()
    (root / courses.CONTENT / "plots.py").write_text("")
    course = courses.Course.at(root)
    monkeypatch.setattr(sys, "path", list(sys.path))
    try:
        course.content_module("plots")
    except courses.CourseError as exc:
        assert "importable()" in str(exc)
    else:
        raise AssertionError("a course's content was imported without course.importable()")
    assert str(root) not in sys.path   # looking the course up changed nothing
    course.importable()
    assert sys.path[0] == str(root)
