"""The engine names no assignment and no graded function of the course: those live in the
course's own folders (assignments/, reference/, source/), and another course reuses the engine."""

import re
from pathlib import Path

from tests.helpers.course import ASSIGNMENTS, GRADED_FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
ENGINE = (ROOT / "autograder", ROOT / "pcpt_portable")   # the engine and the part of it that also ships to students
COURSE_NAMES = sorted({*ASSIGNMENTS, *(f for functions in GRADED_FUNCTIONS.values() for f in functions)})


def course_names_in_engine() -> list[str]:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, COURSE_NAMES)) + r")\b")
    return [f"{path.relative_to(ROOT)}:{number}: {match.group(1)}"
            for package in ENGINE for path in sorted(package.rglob("*.py"))
            for number, line in enumerate(path.read_text().splitlines(), 1)
            for match in pattern.finditer(line)]


def test_the_course_has_names_to_look_for():
    assert len(ASSIGNMENTS) >= 4 and all(GRADED_FUNCTIONS[a] for a in ASSIGNMENTS)


def test_no_engine_file_names_an_assignment_or_a_graded_function():
    assert course_names_in_engine() == []
