"""Shared test configuration: the grading device and hidden-variant options, the gpu marker,
and a fixed course secret (so tests never create one in the repository)."""

import os

import pytest
import torch

import tests.helpers.course  # noqa: F401 - loads this course (test functions, sys.path) as grading does

os.environ.setdefault("PCPT_COURSE_SECRET", "test-secret-of-the-autograder-suite")


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default="cpu", choices=("cpu", "cuda"),
                     help="grading device for the grader tests (cuda needs a GPU)")
    parser.addoption("--hidden-variant", action="store", default="student",
                     help="hidden-input variant for corpus runs: a number forces it for every case; "
                          "'student' (default) assigns one per case by the keyed hash")


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def grading_device(request):
    device = request.config.getoption("--device")
    if device == "cuda" and not torch.cuda.is_available():
        pytest.skip("--device cuda given but no CUDA device is available")
    return device


@pytest.fixture(scope="session")
def graded_corpus(tmp_path_factory, grading_device, request):
    """The whole corpus graded once per session (``test_corpus`` and the student check's comparison share it)."""
    from autograder.settings import load_settings
    from tests.helpers import corpus

    settings = load_settings({"device": grading_device})
    variants = corpus.variants_for_run(request.config, settings)
    return corpus.grade_cases(corpus.cases(), tmp_path_factory.mktemp("corpus"), settings, variants)
