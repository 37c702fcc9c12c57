"""The student releases: in sync with the sources, stubs in place, nothing hidden leaks."""

import re

import nbformat
import pytest

from tests.helpers.course import ASSIGNMENTS, GRADED_FUNCTIONS, release_notebook, source_notebook
from autograder.release import copy_course, generate_release

SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def cells_by_id(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def comparable(nb):
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells], dict(nb.metadata)


@pytest.mark.slow
def test_committed_releases_match_a_fresh_nbgrader_release(tmp_path):
    course = copy_course(tmp_path / "course")
    for assignment in ASSIGNMENTS:
        fresh = nbformat.read(generate_release(assignment, course), as_version=4)
        committed = nbformat.read(release_notebook(assignment), as_version=4)
        assert comparable(fresh) == comparable(committed), f"run `make release`: {assignment} is out of date"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_every_stub_and_no_solution_or_hidden_test(assignment):
    source = nbformat.read(source_notebook(assignment), as_version=4)
    release = nbformat.read(release_notebook(assignment), as_version=4)
    released = cells_by_id(release)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_checks", "reference"):
        assert marker not in text
    for function in GRADED_FUNCTIONS[assignment]:
        stub = released[function].source
        assert f"def {function}(" in stub and "raise NotImplementedError()" in stub
    for grade_id, cell in cells_by_id(source).items():
        for pattern in (SOLUTION, HIDDEN):
            public_part = pattern.sub("", cell.source)  # e.g. a docstring stating the seed to use
            for block in pattern.findall(cell.source):
                for line in filter(None, (line.strip() for line in block.splitlines())):
                    if line not in public_part:
                        assert line not in released[grade_id].source, f"{grade_id} leaks {line!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_graded_function_has_one_solution_cell_a_visible_and_a_hidden_test(assignment):
    cells = cells_by_id(nbformat.read(source_notebook(assignment), as_version=4))
    for function in GRADED_FUNCTIONS[assignment]:
        solution = cells[function]
        assert solution.metadata["nbgrader"]["solution"] and "### BEGIN SOLUTION" in solution.source
        head = solution.source.split("### BEGIN SOLUTION")[0]
        assert f"def {function}(" in head and '"""' in head, "signature and docstring stay outside the solution"
        assert cells[f"test_{function}"].metadata["nbgrader"]["points"] > 0
        assert "### BEGIN HIDDEN TESTS" in cells[f"hidden_test_{function}"].source
