"""Misconceptions: the engine's generic catalogue, extended by the course in use.

A course names its own entries as module-level ``Misconception`` values in
``assignments/misconceptions.py`` (course-wide) and ``assignments/<a>/misconceptions.py``,
whose ``VARIANTS = {function: [(Misconception, implementation), ...]}`` recognise them
by running like the reference on the checks' inputs.
"""

from __future__ import annotations

from pcpt_portable.diagnosis import matching_error

from ..course import Assignment, Course
from .catalogue import GENERIC, Misconception

__all__ = ["Misconception", "from_error", "known", "variants_for"]


def known(course: Course | None) -> dict[str, Misconception]:
    """Every misconception by key: the engine's, then the course's (a course entry may reword a generic one);
    without a course (a check run on no submission), the engine's alone."""
    entries = {m.key: m for m in GENERIC}
    if course is None:
        return entries
    modules = [course.content_module("misconceptions")]
    modules += [a.content_module("misconceptions") for a in course.each()]
    for module in filter(None, modules):
        entries.update({v.key: v for v in vars(module).values() if isinstance(v, Misconception)})
    return entries


def from_error(text: str, course: Course | None) -> Misconception | None:
    """The misconception an exception message reveals, if any."""
    entries = known(course)
    key = matching_error(text, ((m.key, m.error_patterns) for m in entries.values()))
    return entries[key] if key else None


def variants_for(assignment: Assignment, function: str) -> list:
    """``[(Misconception, implementation), ...]`` registered for one graded function."""
    module = assignment.content_module("misconceptions")
    return list(getattr(module, "VARIANTS", {}).get(function, ())) if module else []
