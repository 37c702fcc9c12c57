"""The saved reference results are found again by their key, and only by it."""

import shutil

import torch

from autograder import reference_cache, reference_runner
from autograder.reference_cache import cache_file, cache_key
from tests.helpers.course import COURSE

ASSIGNMENT = "linear_regression"


def test_the_key_is_stable_and_names_what_the_numbers_depend_on():
    key = cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7)
    assert key == cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7)
    assert {"grader_version", "assignment", "course", "device", "dtype", "inputs"} <= set(key)
    assert key["inputs"] == {"seed": 7} and key["dtype"] == "float32"


def test_device_seed_and_input_variants_each_give_another_file(tmp_path):
    files = {cache_file(tmp_path, key) for key in (
        cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7), cache_key(COURSE.assignment(ASSIGNMENT), "cuda", 7), cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 8),
        cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7, inputs={"variants": [1, 2, 3]}), cache_key(COURSE.assignment("gradient_basics"), "cpu", 7))}
    assert len(files) == 5


def test_editing_a_course_file_invalidates_the_saved_results(tmp_path, monkeypatch):
    copies = []
    for path in reference_cache.course_files(COURSE.assignment(ASSIGNMENT)):
        copy = tmp_path / path.parent.name / path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        copies.append(copy)
    monkeypatch.setattr(reference_cache, "course_files", lambda assignment: copies)
    before = cache_file(tmp_path, cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7))
    assert before == cache_file(tmp_path, cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7))
    reference = next(c for c in copies if c.parent.name == "reference")
    reference.write_text(reference.read_text() + "\n# the instructor changed the reference\n")
    assert cache_file(tmp_path, cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7)) != before


def test_stored_results_load_back_into_the_cache(tmp_path):
    key = cache_key(COURSE.assignment(ASSIGNMENT), "cpu", 7)
    path = cache_file(tmp_path, key)
    runner = reference_runner.ReferenceRunner(COURSE.assignment(ASSIGNMENT), "cpu")
    expected = runner.call("mse_loss", (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 3.0])))
    reference_cache.store(path, runner.dump(), key)
    assert path.exists() and path.with_suffix(".json").exists()
    fresh = reference_runner.ReferenceRunner(COURSE.assignment(ASSIGNMENT), "cpu")
    assert fresh.cache_size() == 0
    assert fresh.load(path) == fresh.load(path.read_bytes()) == fresh.cache_size() == runner.cache_size() >= 1
    assert torch.equal(fresh.call("mse_loss", (torch.tensor([1.0, 2.0]), torch.tensor([1.0, 3.0]))), expected)
