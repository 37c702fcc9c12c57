"""The instructor notebooks run top to bottom, hidden tests included, with full marks."""

import time

import nbclient
import nbformat
import pytest

from tests.helpers.course import ASSIGNMENTS, source_notebook
from autograder.release import use_nbgrader_env

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
TIME_LIMIT = 90  # seconds per notebook on 2 cores


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_runs_and_its_hidden_tests_give_full_marks(assignment, tmp_path):
    use_nbgrader_env()
    nb = nbformat.read(source_notebook(assignment), as_version=4)
    started = time.monotonic()
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    elapsed = time.monotonic() - started
    assert elapsed < TIME_LIMIT, f"{assignment} took {elapsed:.0f} s"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and meta["grade_id"].startswith("hidden_test_"):
            values = [o["data"]["text/plain"] for o in cell.outputs if o.output_type == "execute_result"]
            assert values == [f"{meta['points']:g}"], f"{meta['grade_id']}: {values} ({cell.outputs})"
            assert not any(o.get("name") == "stderr" for o in cell.outputs), meta["grade_id"]
