"""autograder.notebook: reading a submitted notebook and choosing the cells the grader runs."""

from __future__ import annotations

import copy
import hashlib
import json

import nbformat
import pytest

from autograder.notebook import (SUBMISSION_DEPTH, NotebookCell, NotebookError, own_file_sha256, read_submission,
                                 skippable_sources)
from tests.helpers import nbbuild
from tests.helpers.course import COURSE

IMPORTS = "import torch\nimport math"
SOLUTION_RELEASE = "def square(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
SOLUTION_STUDENT = "def square(x):\n    return x * x"
VISIBLE_TEST = "assert square(2.0) == 4.0\nassert square(-1.0) == 1.0"
DEMO = "for x in range(3):\n    print(x, square(float(x)))"
ANSWER = "def cube(x):\n    raise NotImplementedError()"


def release_cells():
    answer = nbbuild.new_code_cell(ANSWER)  # an autograded answer: grade and solution both true
    answer.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "cube", "locked": False,
                                   "points": 1, "schema_version": 3, "task": False}
    return [
        nbbuild.md("# Squares"),                              # 1
        nbbuild.code(IMPORTS),                                # 2
        nbbuild.solution("square", SOLUTION_RELEASE),         # 3
        nbbuild.visible_test("square", VISIBLE_TEST),         # 4
        nbbuild.hidden_test("squares", "square", 2),          # 5
        nbbuild.md("Let us look at a few values."),           # 6
        nbbuild.demo(DEMO),                                   # 7
        answer,                                               # 8
    ]


@pytest.fixture
def release(tmp_path):
    path = tmp_path / "release.ipynb"
    nbbuild.write(nbbuild.notebook(release_cells()), path)
    return path


@pytest.fixture
def skip(release):
    return skippable_sources(release)


def student_notebook(tmp_path, edit=None, name="squares.ipynb"):
    """The release with the solution filled in; ``edit(cells)`` changes it further."""
    cells = release_cells()
    cells[2].source = SOLUTION_STUDENT
    if edit:
        edit(cells)
    path = tmp_path / name
    nbbuild.write(nbbuild.notebook(cells), path)
    return path


def write_json(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def raw_notebook(cells):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def raw_code(source, cell_id, metadata=None):
    return {"cell_type": "code", "id": cell_id, "source": source, "metadata": metadata or {},
            "outputs": [], "execution_count": None}


# --- which cells run -------------------------------------------------------------------

def test_without_a_skip_list_every_code_cell_runs_in_order(tmp_path):
    submission = read_submission(student_notebook(tmp_path))
    assert [cell.index for cell in submission.cells] == [2, 3, 4, 5, 7, 8]
    assert submission.cells[0] == NotebookCell(2, IMPORTS, None)
    assert submission.cells[1] == NotebookCell(3, SOLUTION_STUDENT, "square")


def test_markdown_and_raw_cells_never_run(tmp_path):
    def edit(cells):
        cells.append(nbformat.v4.new_raw_cell("raw = 1"))
        cells.append(nbbuild.md("print('not code')"))

    submission = read_submission(student_notebook(tmp_path, edit))
    indices = [cell.index for cell in submission.cells]
    assert 1 not in indices and 6 not in indices and 9 not in indices and 10 not in indices
    assert all(cell.source not in ("# Squares", "raw = 1", "print('not code')") for cell in submission.cells)


def test_skippable_sources_holds_the_test_and_demo_cells_only(release, skip):
    assert len(skip) == 3
    assert all(len(digest) == 64 for digest in skip)
    skipped_sources = {cell.source for cell in nbformat.read(str(release), as_version=4).cells
                       if cell.cell_type == "code"} - {cell.source for cell in read_submission(release, skip).cells}
    assert skipped_sources == {VISIBLE_TEST, nbbuild.hidden_test("squares", "square", 2).source, DEMO}


def test_unchanged_test_and_demo_cells_are_skipped(tmp_path, skip):
    submission = read_submission(student_notebook(tmp_path), skip)
    assert [cell.index for cell in submission.cells] == [2, 3, 8]
    assert [cell.grade_id for cell in submission.cells] == [None, "square", "cube"]


def test_solution_and_plain_cells_run_even_when_unchanged_from_the_release(release, skip):
    submission = read_submission(release, skip)
    assert [(cell.index, cell.source) for cell in submission.cells] == [
        (2, IMPORTS), (3, SOLUTION_RELEASE), (8, ANSWER)]


def test_whitespace_only_changes_to_a_test_cell_still_skip_it(tmp_path, skip):
    def edit(cells):
        cells[3].source = "\n\n  " + VISIBLE_TEST.replace("\n", "   \n") + "  \n\n"
        cells[6].source = DEMO.replace("\n", "\r\n") + "\t"

    submission = read_submission(student_notebook(tmp_path, edit), skip)
    assert [cell.index for cell in submission.cells] == [2, 3, 8]


def test_an_indentation_change_inside_a_demo_cell_makes_it_run(tmp_path, skip):
    def edit(cells):
        cells[6].source = DEMO.replace("    print", "  print")

    assert 7 in [cell.index for cell in read_submission(student_notebook(tmp_path, edit), skip).cells]


def test_a_modified_demo_cell_runs(tmp_path, skip):
    modified = DEMO + "\nsquare = lambda x: 0"

    def edit(cells):
        cells[6].source = modified

    submission = read_submission(student_notebook(tmp_path, edit), skip)
    assert [cell.index for cell in submission.cells] == [2, 3, 7, 8]
    assert submission.cells[2].source == modified


def test_a_modified_test_cell_runs(tmp_path, skip):
    def edit(cells):
        cells[3].source = VISIBLE_TEST + "\nprint('mine')"

    assert 4 in [cell.index for cell in read_submission(student_notebook(tmp_path, edit), skip).cells]


def test_the_students_own_demo_tag_is_not_trusted(tmp_path, skip):
    def edit(cells):
        cells[1].metadata["tags"] = ["demo"]
        cells[2].metadata["tags"] = ["demo"]

    submission = read_submission(student_notebook(tmp_path, edit), skip)
    assert [cell.index for cell in submission.cells] == [2, 3, 8]


def test_the_students_own_test_cell_metadata_is_not_trusted(tmp_path, skip):
    def edit(cells):
        cells[1].metadata["nbgrader"] = copy.deepcopy(cells[3].metadata["nbgrader"])

    assert 2 in [cell.index for cell in read_submission(student_notebook(tmp_path, edit), skip).cells]


def test_a_release_cell_with_a_demo_tag_but_a_solution_is_still_skipped_by_source(tmp_path):
    release = tmp_path / "release.ipynb"
    nbbuild.write(nbbuild.notebook([nbbuild.code("x = 1", tags=("demo", "other")), nbbuild.code("y = 2")]), release)
    digests = skippable_sources(release)
    submission = read_submission(release, digests)
    assert [cell.source for cell in submission.cells] == ["y = 2"]


def test_moved_and_duplicated_test_cells_are_skipped_wherever_they_are(tmp_path, skip):
    def edit(cells):
        moved, again = copy.deepcopy(cells[3]), copy.deepcopy(cells[6])  # the visible test and the demo
        moved.id, again.id = "moved-test", "demo-again"
        cells.insert(1, moved)
        cells.append(again)

    submission = read_submission(student_notebook(tmp_path, edit), skip)
    assert [cell.source for cell in submission.cells] == [IMPORTS, SOLUTION_STUDENT, ANSWER]


def test_solution_cells_map_grade_ids_to_cells(tmp_path, skip):
    submission = read_submission(student_notebook(tmp_path), skip)
    assert set(submission.solution_cells) == {"square", "cube"}
    assert submission.solution_cells["square"].source == SOLUTION_STUDENT


def test_list_of_lines_sources_are_joined(tmp_path):
    path = write_json(tmp_path / "lines.ipynb", raw_notebook([
        raw_code(["def f(x):\n", "    return x\n", "\n", "y = f(1)"], "a"),
        {"cell_type": "markdown", "id": "b", "source": ["# t\n", "x"], "metadata": {}},
        raw_code([], "c"),
    ]))
    submission = read_submission(path)
    assert [cell.source for cell in submission.cells] == ["def f(x):\n    return x\n\ny = f(1)", ""]
    assert [cell.index for cell in submission.cells] == [1, 3]


def test_list_of_lines_test_cell_is_skipped_like_its_string_form(tmp_path, skip):
    lines = [line + "\n" for line in VISIBLE_TEST.split("\n")]
    path = write_json(tmp_path / "lines.ipynb", raw_notebook([raw_code(lines, "a"), raw_code(["x = 1"], "b")]))
    assert [cell.source for cell in read_submission(path, skip).cells] == ["x = 1"]


def test_nbgrader_metadata_that_is_not_a_dict_gives_no_grade_id(tmp_path):
    path = write_json(tmp_path / "odd.ipynb", raw_notebook([raw_code("x = 1", "a", {"nbgrader": "yes"})]))
    assert read_submission(path).cells == (NotebookCell(1, "x = 1", None),)


def test_an_empty_notebook_has_no_cells_to_run(tmp_path):
    path = write_json(tmp_path / "empty.ipynb", raw_notebook([]))
    assert read_submission(path).cells == ()


# --- files that cannot be graded -------------------------------------------------------

def test_a_missing_file_says_the_submission_has_no_notebook(tmp_path):
    with pytest.raises(NotebookError, match=r"^the submission has no squares\.ipynb$"):
        read_submission(tmp_path / "squares.ipynb")


def test_a_directory_cannot_be_read(tmp_path):
    (tmp_path / "squares.ipynb").mkdir()
    with pytest.raises(NotebookError, match="cannot be read"):
        read_submission(tmp_path / "squares.ipynb")


@pytest.mark.parametrize("content", [b"{not json", b"", b"\x00\x01", b'{"cells": [', b"[1, 2]", b'"notebook"', b"42"],
                         ids=repr)
def test_invalid_json_is_not_a_valid_notebook(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookError, match="not a valid Jupyter notebook"):
        read_submission(path)


def test_text_that_is_not_utf8_is_rejected(tmp_path):
    path = tmp_path / "latin1.ipynb"
    path.write_bytes(json.dumps(raw_notebook([raw_code("s = 'é'", "a")]), ensure_ascii=False).encode("latin-1"))
    with pytest.raises(NotebookError, match="not UTF-8"):
        read_submission(path)


def test_utf8_text_in_cells_is_read(tmp_path):
    path = tmp_path / "utf8.ipynb"
    path.write_bytes(json.dumps(raw_notebook([raw_code("s = 'é ✓'", "a")]), ensure_ascii=False).encode("utf-8"))
    assert read_submission(path).cells[0].source == "s = 'é ✓'"


def test_a_file_over_max_bytes_is_rejected_before_parsing(tmp_path):
    path = tmp_path / "big.ipynb"
    path.write_bytes(b"x" * (3 * 2**20))  # not even JSON: the size check comes first
    with pytest.raises(NotebookError, match=r"^the notebook is 3 MiB, over the 1 MiB limit$"):
        read_submission(path, max_bytes=2**20)


def test_a_file_of_exactly_max_bytes_is_accepted(tmp_path):
    path = student_notebook(tmp_path)
    size = path.stat().st_size
    assert read_submission(path, max_bytes=size).cells
    with pytest.raises(NotebookError, match="limit"):
        read_submission(path, max_bytes=size - 1)


def test_a_notebook_without_a_cells_key_is_rejected(tmp_path):
    path = write_json(tmp_path / "nocells.ipynb", {"nbformat": 4, "nbformat_minor": 5, "metadata": {}})
    with pytest.raises(NotebookError, match="cells"):
        read_submission(path)


def test_a_notebook_whose_cells_are_not_a_list_has_no_cells(tmp_path):
    path = write_json(tmp_path / "dictcells.ipynb", {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {}})
    with pytest.raises(NotebookError, match="^the notebook has no cells$"):
        read_submission(path)


def test_a_code_cell_without_a_readable_source_is_named(tmp_path):
    path = write_json(tmp_path / "nosource.ipynb", raw_notebook([
        {"cell_type": "markdown", "id": "m", "source": "x", "metadata": {}},
        raw_code("x = 1", "a"),
        raw_code(5, "b"),
    ]))
    with pytest.raises(NotebookError, match="^cell 3 has no readable source$"):
        read_submission(path)


def test_notebook_error_is_a_value_error():
    assert issubclass(NotebookError, ValueError)


# --- the file's hash -------------------------------------------------------------------

def test_sha256_is_of_the_file_bytes(tmp_path):
    path = student_notebook(tmp_path)
    assert read_submission(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sha256_changes_with_any_byte_even_if_the_cells_do_not(tmp_path, skip):
    path = student_notebook(tmp_path)
    before = read_submission(path, skip)
    path.write_bytes(path.read_bytes() + b"\n")
    after = read_submission(path, skip)
    assert after.cells == before.cells and after.sha256 != before.sha256


def test_the_path_is_kept(tmp_path):
    path = student_notebook(tmp_path)
    assert read_submission(str(path)).path == path


# --- what a submission may not reach: links, other files, unbounded work (issue 17, items 2 and 4) ----

SECRET = "9f1c2b7e-not-the-students-secret"


def submitted_tree(tmp_path):
    """``submitted/<student>/squares/squares.ipynb`` for alice (a real notebook), and a secret file beside."""
    submitted = tmp_path / "submitted"
    (submitted / "alice" / "squares").mkdir(parents=True)
    alice = submitted / "alice" / "squares" / "squares.ipynb"
    student_notebook(tmp_path).rename(alice)
    secret = tmp_path / ".pcpt_course_secret"
    secret.write_text(SECRET)
    return submitted, alice, secret


def _mallory(submitted):
    folder = submitted / "mallory" / "squares"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "squares.ipynb"


@pytest.mark.parametrize("target", ["other student's notebook", "course secret"])
def test_a_notebook_that_is_a_symbolic_link_is_refused_and_never_read(tmp_path, target):
    submitted, alice, secret = submitted_tree(tmp_path)
    link = _mallory(submitted)
    link.symlink_to(alice if target.startswith("other") else secret)
    with pytest.raises(NotebookError, match="`squares.ipynb` in the submission is a symbolic link") as refused:
        read_submission(link, private_parts=SUBMISSION_DEPTH)
    assert refused.value.sha256 is None and SECRET not in str(refused.value)
    assert own_file_sha256(link, SUBMISSION_DEPTH) is None
    assert read_submission(alice, private_parts=SUBMISSION_DEPTH).cells   # the real one still reads


@pytest.mark.parametrize("linked", ["student", "assignment"])
def test_a_student_or_assignment_folder_that_is_a_link_is_refused(tmp_path, linked):
    submitted, alice, _ = submitted_tree(tmp_path)
    if linked == "student":
        (submitted / "mallory").symlink_to(submitted / "alice", target_is_directory=True)
    else:
        (submitted / "mallory").mkdir()
        (submitted / "mallory" / "squares").symlink_to(alice.parent, target_is_directory=True)
    path = submitted / "mallory" / "squares" / "squares.ipynb"
    name = "mallory" if linked == "student" else "squares"
    with pytest.raises(NotebookError, match=f"`{name}` in the submission is a symbolic link"):
        read_submission(path, private_parts=SUBMISSION_DEPTH)
    # Above the student's own parts, a link is the instructor's choice and is followed.
    (tmp_path / "elsewhere").symlink_to(submitted, target_is_directory=True)
    assert read_submission(tmp_path / "elsewhere" / "alice" / "squares" / "squares.ipynb",
                           private_parts=SUBMISSION_DEPTH).cells


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "squares.ipynb"
    os.mkfifo(fifo)
    with pytest.raises(NotebookError, match="not a regular file"):
        read_submission(fifo)


def test_a_parse_error_names_a_position_never_the_file_s_text(tmp_path):
    path = tmp_path / "squares.ipynb"
    path.write_text(SECRET)   # what a hard link to another file would show
    with pytest.raises(NotebookError, match=r"not a valid Jupyter notebook \(\w[\w ]* at line 1, column \d+\)$") \
            as refused:
        read_submission(path)
    assert SECRET[:8] not in str(refused.value)


def test_code_cells_over_the_code_limit_are_refused_before_any_parsing(tmp_path):
    """19 MiB of never-called ``def``s once cost the grading process gigabytes; the code of a
    submission is now bounded (outputs are not: they are never parsed as code)."""
    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(40_000))   # about 1.2 MiB
    nb = nbbuild.notebook(release_cells()[:3] + [nbbuild.code(body), nbbuild.code(body)])
    path = tmp_path / "squares.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(NotebookError, match=r"code cells hold 2\.\d MiB of text, over the 1 MiB limit"):
        read_submission(path)
    assert read_submission(path, max_code_bytes=4 * 2**20).cells


def test_the_time_spent_before_the_sandbox_counts_in_the_submission_s_limit():
    """The grader's own work on a notebook (reading, parsing) runs outside the sandbox; the
    submission's time limit starts when the grader starts on it, not when its cells first run."""
    import time
    from types import SimpleNamespace

    from pcpt_portable import messages
    from autograder.sandbox import Limits
    from autograder.submission import SandboxedSubmission

    limits = Limits(submission_timeout=60.0)
    server = SimpleNamespace(limits=limits, spawn=lambda: pytest.fail("no time was left to run anything"))
    late = SandboxedSubmission(server, [], COURSE.assignment("gradient_basics"), reference=object(), started=time.monotonic() - 61)
    result = late.call("anything")
    assert not result.ok and result.error.kind == "timeout"
    assert result.error.message == messages.BUDGET_MESSAGE.format(seconds=60)


def test_a_notebook_in_a_missing_folder_is_missing(tmp_path):
    with pytest.raises(NotebookError, match="^the submission has no squares.ipynb$"):
        read_submission(tmp_path / "gone" / "alice" / "squares" / "squares.ipynb", private_parts=SUBMISSION_DEPTH)
    assert own_file_sha256(tmp_path / "gone" / "squares.ipynb") is None
