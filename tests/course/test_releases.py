"""The student releases: in sync with the sources, stubs in place, nothing hidden leaks."""

import nbformat
import pytest

from autograder.authoring.validate import (comparable, fresh_release, nbgrader_cells, release_leaks,
                                           solution_cell_problems)
from tests.helpers.course import ASSIGNMENTS, COURSE, GRADED_FUNCTIONS, release_notebook, source_notebook


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_matches_a_fresh_nbgrader_release(assignment):
    fresh = fresh_release(COURSE.assignment(assignment))
    committed = nbformat.read(release_notebook(assignment), as_version=4)
    assert comparable(fresh) == comparable(committed), f"run `make release`: {assignment} is out of date"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_every_stub_and_no_solution_or_hidden_test(assignment):
    source = nbformat.read(source_notebook(assignment), as_version=4)
    release = nbformat.read(release_notebook(assignment), as_version=4)
    assert release_leaks(source, release, GRADED_FUNCTIONS[assignment]) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_graded_function_has_one_solution_cell_a_visible_and_a_hidden_test(assignment):
    path = source_notebook(assignment)
    nb = nbformat.read(path, as_version=4)
    assert solution_cell_problems(nb, path) == []
    cells = nbgrader_cells(nb)
    for function in GRADED_FUNCTIONS[assignment]:
        assert cells[f"test_{function}"].metadata["nbgrader"]["points"] > 0
        assert "### BEGIN HIDDEN TESTS" in cells[f"hidden_test_{function}"].source
