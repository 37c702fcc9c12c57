"""The course this repository holds, as the tests name it (``autograder.course`` loads it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from autograder.course import Course

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COURSE = Course.at(PROJECT_ROOT).importable()   # reference.*, assignments.*, test functions: as grading sees them
ASSIGNMENTS = COURSE.assignments
GRADED_FUNCTIONS = {a.name: a.graded_functions for a in COURSE.each()}
DEPENDENCIES = {a.name: a.dependencies for a in COURSE.each() if a.dependencies}


def release_notebook(assignment: str) -> Path:
    return COURSE.assignment(assignment).release_notebook


def source_notebook(assignment: str) -> Path:
    return COURSE.assignment(assignment).source_notebook


def corpus_dir(assignment: str) -> Path:
    return COURSE.assignment(assignment).corpus_dir


def copy_course(destination: Path) -> Path:
    """A throw-away copy of the whole course (content, sources, releases) to change in a test."""
    destination.mkdir(parents=True)
    for part in ("nbgrader_config.py", "source", "release", "reference", "assignments"):
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def shared_settings(**values):
    """``Settings(**values)`` with the session's one folder of saved reference results
    (``shared_reference_cache`` in tests/conftest.py): the batch loads it instead of warming up."""
    from autograder.settings import Settings

    return Settings(reference_cache=os.environ.get("PCPT_REFERENCE_CACHE", ""), **values)
