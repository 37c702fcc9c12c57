"""A course is a directory of content; the engine reads it, and names none of it.

Layout (docs/authoring.md walks through it)::

    nbgrader_config.py                 nbgrader's course (course_id)
    source/<a>/<a>.ipynb               instructor notebooks; solution cells' grade_ids
                                       are the graded items (functions or classes), in
                                       notebook order
    release/<a>/<a>.ipynb              student notebooks (``python -m autograder release``)
    reference/<a>.py                   reference implementations (``reference.<a>``)
    assignments/misconceptions.py      optional: the course's own misconceptions
    assignments/<a>/checks.py          required: the checks (pytest, ``@graded``)
    assignments/<a>/misconceptions.py  optional: wrong implementations that recognise them
    assignments/<a>/testfuncs.py       optional: callables the checks pass to graded functions
    assignments/<a>/plots.py           optional: pictures for the feedback pages
    assignments/<a>/corpus/            optional: sample submissions and what grading must give
    assignments/<a>/assignment.toml    optional: demo samples, dependency overrides

Which course: ``--course DIR`` (the CLI puts it in ``PCPT_COURSE_ROOT`` so that workers
agree), else ``$PCPT_COURSE_ROOT``, else ``course`` in ``[tool.autograder]`` of the
working folder's pyproject.toml, else the working folder or the engine's own checkout
when either holds a course.

An entry point (a command, the nbgrader preprocessor, a Dask worker plugin, a test) resolves
the course once, ``Course.find(explicit)`` or ``Course.at(root)``, and passes the ``Course``
(or one of its ``Assignment``s) down; nothing below it looks the course up again. Importing
the course's Python files (checks, references, misconceptions, plots) needs one explicit
step, ``course.importable()``, which puts the course on ``sys.path``.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import nbformat

from .errors import CourseError
from pcpt_portable import testfuncs

COURSE_ROOT_VARIABLE = "PCPT_COURSE_ROOT"
ENGINE_CHECKOUT = Path(__file__).resolve().parent.parent
CONTENT = "assignments"          # the folder of per-assignment grading content
_COURSE_ID = re.compile(r"""course_id\s*=\s*["']([^"']+)["']""")


class UnknownAssignment(CourseError, ValueError):
    pass


@dataclass(frozen=True)
class Assignment:
    """One assignment of a course: where its files are and what it grades."""

    course: Course
    name: str
    graded_functions: tuple[str, ...]
    dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    options: dict = field(default_factory=dict, compare=False)   # assignment.toml

    @property
    def root(self) -> Path:
        return self.course.root

    @property
    def folder(self) -> Path:
        return self.root / CONTENT / self.name

    @property
    def checks_file(self) -> Path:
        return self.folder / "checks.py"

    @property
    def corpus_dir(self) -> Path:
        return self.folder / "corpus"

    @property
    def source_notebook(self) -> Path:
        return source_notebook(self.root, self.name)

    @property
    def release_notebook(self) -> Path:
        return self.root / "release" / self.name / f"{self.name}.ipynb"

    @property
    def reference_module_name(self) -> str:
        return f"reference.{self.name}"

    @property
    def reference_file(self) -> Path:
        return self.root / "reference" / f"{self.name}.py"

    def content_module(self, stem: str) -> ModuleType | None:
        """``assignments/<name>/<stem>.py`` imported, or None when the course has no such file."""
        return self.course._content(self.folder / f"{stem}.py", f"{CONTENT}.{self.name}.{stem}")

    def dependencies_of(self, function: str) -> tuple[str, ...]:
        return self.dependencies.get(function, ())

    def reference_module(self) -> ModuleType:
        """``reference.<name>``: the reference implementations."""
        module = self.course._content(self.reference_file, self.reference_module_name)
        if module is None:
            raise CourseError(f"missing reference implementation {self.reference_file}")
        return module


@dataclass(frozen=True)
class Course:
    """A course, resolved once where a command starts (``Course.find``) and passed down from there."""

    root: Path
    course_id: str
    assignments: tuple[str, ...]
    _loaded: dict = field(default_factory=dict, compare=False, repr=False)   # name -> Assignment

    @classmethod
    def find(cls, explicit: str | Path | None = None) -> Course:
        """The course in use (the order is in the module docstring); for entry points only."""
        return cls.at(_course_root(explicit))

    @classmethod
    def at(cls, root: str | Path) -> Course:
        """The course in ``root``."""
        root = _existing_course(Path(root), "the course folder")
        config = root / "nbgrader_config.py"
        found = _COURSE_ID.search(config.read_text()) if config.exists() else None
        names = tuple(sorted(p.name for p in (root / CONTENT).iterdir()
                             if p.is_dir() and (p / "checks.py").exists() and not p.name.startswith(("_", "."))))
        return cls(root, found.group(1) if found else root.name, names)

    def assignment(self, name: str) -> Assignment:
        if name not in self.assignments:
            known = ", ".join(self.assignments) or "none"
            raise UnknownAssignment(f"unknown assignment {name!r} in the course at {self.root}; expected one of {known}")
        if name not in self._loaded:
            self._loaded[name] = _load_assignment(self, name)
        return self._loaded[name]

    def each(self) -> list[Assignment]:
        return [self.assignment(name) for name in self.assignments]

    def content_module(self, stem: str) -> ModuleType | None:
        """``assignments/<stem>.py`` (course-wide content) imported, or None when absent."""
        return self._content(self.root / CONTENT / f"{stem}.py", f"{CONTENT}.{stem}")

    def importable(self) -> Course:
        """Make the course's ``reference`` and ``assignments`` packages importable in this process,
        and its test functions buildable by name (``pcpt_portable.testfuncs``); returns the course.

        The one step that edits ``sys.path``: an entry point that grades, diagnoses or draws
        (anything importing the course's Python files) calls it once after ``Course.find``."""
        text = str(self.root)
        if text not in sys.path:
            sys.path.insert(0, text)
        testfuncs.load(self.test_function_sources())
        return self

    def test_function_sources(self) -> dict[str, str]:
        """``{file: source}`` of the course's test-function files (the sandbox gets these too)."""
        files = [self.root / CONTENT / "testfuncs.py", *sorted((self.root / CONTENT).glob("*/testfuncs.py"))]
        return {str(path.relative_to(self.root)): path.read_text() for path in files if path.exists()}

    def _content(self, file: Path, module: str) -> ModuleType | None:
        if not file.exists():
            return None
        if str(self.root) not in sys.path:
            raise CourseError(f"the course at {self.root} is not importable here: its entry point must call "
                              "course.importable() before importing its content")
        return importlib.import_module(module)


def source_notebook(root: Path, name: str) -> Path:
    return root / "source" / name / f"{name}.ipynb"


def is_course(folder: Path) -> bool:
    return (folder / CONTENT).is_dir() and (folder / "source").is_dir()


def _course_root(explicit: str | Path | None = None) -> Path:
    if explicit:
        return _existing_course(Path(explicit), "--course")
    if os.environ.get(COURSE_ROOT_VARIABLE):
        return _existing_course(Path(os.environ[COURSE_ROOT_VARIABLE]), COURSE_ROOT_VARIABLE)
    configured = _configured_course(Path.cwd() / "pyproject.toml")
    if configured:
        return _existing_course(configured, "[tool.autograder] course in pyproject.toml")
    for candidate in (Path.cwd(), ENGINE_CHECKOUT):
        if is_course(candidate):
            return candidate.resolve()
    raise CourseError("no course found: pass --course DIR or set PCPT_COURSE_ROOT to a folder holding "
                      f"source/ and {CONTENT}/ (docs/authoring.md)")


# -- loading ---------------------------------------------------------------------------------

def _existing_course(folder: Path, origin: str) -> Path:
    folder = folder.expanduser().resolve()
    if not is_course(folder):
        missing = [str(folder / part) for part in ("source", CONTENT) if not (folder / part).is_dir()]
        raise CourseError(f"{folder} (from {origin}) is not a course: missing {', '.join(missing)}")
    return folder


def _configured_course(pyproject: Path) -> Path | None:
    if not pyproject.is_file():
        return None
    try:
        table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("autograder", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None   # settings.load_settings reports a broken pyproject.toml
    value = table.get("course") if isinstance(table, dict) else None
    return (pyproject.parent / value) if isinstance(value, str) and value else None


def _load_assignment(course: Course, name: str) -> Assignment:
    options = _options(course.root / CONTENT / name / "assignment.toml")
    functions = graded_functions_of(source_notebook(course.root, name))
    declared = options.get("dependencies")
    if isinstance(declared, dict):
        dependencies = {function: tuple(used) for function, used in declared.items()}
    else:
        dependencies = derived_dependencies(course.root / "reference" / f"{name}.py", functions)
    return Assignment(course, name, functions, dependencies, options)


def _options(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{path} is not valid TOML: {exc}") from None


def graded_functions_of(notebook: Path) -> tuple[str, ...]:
    """The ``grade_id``s of a notebook's solution cells, in order: its graded functions and classes."""
    if not notebook.exists():
        raise CourseError(f"missing instructor notebook {notebook}")
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook is a course error
        raise CourseError(f"{notebook} is not a readable notebook: {exc}") from None
    return tuple(cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells
                 if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code")


def derived_dependencies(reference_file: Path, functions: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each graded function, the other graded functions its reference calls by name.

    While a function is checked, the reference versions of these stand in for the
    student's, so a mistake in a dependency costs the dependency's points only.
    """
    if not reference_file.exists():
        raise CourseError(f"missing reference implementation {reference_file}")
    tree = ast.parse(reference_file.read_text(), str(reference_file))
    graded = set(functions)
    # A graded class never stands in: its objects cannot cross the sandbox (a check that must not
    # depend on the student's class passes the grader's own object, built by a course test function).
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in graded:
            called = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            used = tuple(f for f in functions if f in called and f != node.name and f not in classes)
            if used:
                found[node.name] = used
    return found
