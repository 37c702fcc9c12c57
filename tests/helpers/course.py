"""The course this repository holds, as the tests name it (``autograder.course`` loads it)."""

from __future__ import annotations

from pathlib import Path

from autograder import course as courses

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COURSE = courses.load_course(PROJECT_ROOT)
courses.activate(PROJECT_ROOT)   # reference.*, assignments.* and the test functions, as grading sees them
ASSIGNMENTS = COURSE.assignments
GRADED_FUNCTIONS = {a.name: a.graded_functions for a in COURSE.each()}
DEPENDENCIES = {a.name: a.dependencies for a in COURSE.each() if a.dependencies}


def release_notebook(assignment: str) -> Path:
    return COURSE.assignment(assignment).release_notebook


def source_notebook(assignment: str) -> Path:
    return COURSE.assignment(assignment).source_notebook


def corpus_dir(assignment: str) -> Path:
    return COURSE.assignment(assignment).corpus_dir
