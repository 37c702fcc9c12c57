"""Shared test configuration: the grading device and hidden-variant options, the gpu marker,
the tier markers (``sandbox``, ``batch``, ``e2e``: a test that starts what a tier names carries its
marker, checked here), and a fixed course secret (so tests never create one in the repository)."""

import os
from pathlib import Path

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


REFERENCE_CACHE_ENV = "PCPT_REFERENCE_CACHE"


@pytest.fixture(scope="session", autouse=True)
def shared_reference_cache(tmp_path_factory):
    """One folder of saved reference results for the whole session: every batch, CLI and nbgrader
    run that reads its settings (``load_settings``) warms each assignment's reference once, not once
    per batch. Tests of the warm-up itself name a folder of their own (``Settings(reference_cache=…)``)."""
    if os.environ.get(REFERENCE_CACHE_ENV):
        yield Path(os.environ[REFERENCE_CACHE_ENV])
        return
    folder = tmp_path_factory.mktemp("reference-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(REFERENCE_CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session")
def _corpus_and_constant_answers(tmp_path_factory, grading_device, request):
    """The whole corpus and the constant-answer submissions, graded once per session in one
    batch per assignment (a batch's worker start is paid once, not once per test module)."""
    from autograder.settings import load_settings
    from tests.helpers import constants, corpus

    settings = load_settings({"device": grading_device})
    variants = corpus.variants_for_run(request.config, settings)
    constant = constants.constant_cases(tmp_path_factory.mktemp("constant_cases"))
    return constant, corpus.grade_cases(corpus.cases() + constant, tmp_path_factory.mktemp("corpus"), settings,
                                        variants)


@pytest.fixture(scope="session")
def graded_corpus(_corpus_and_constant_answers):
    """Results by case id (``test_corpus`` and the student check's comparison share them)."""
    return _corpus_and_constant_answers[1]


@pytest.fixture(scope="session")
def graded_constant_answers(_corpus_and_constant_answers):
    """(the constant-answer cases, results by case id) for ``test_constant_answers``."""
    return _corpus_and_constant_answers


# What each tier starts (the method that starts a process), and the markers under which a test may
# start it (a higher tier may do a lower's work).
_TIER_STARTS = {"sandbox": ("autograder.sandbox.client", "ForkServer", "__init__", ("sandbox", "batch", "e2e")),
                "batch": ("autograder.local_pool", "WorkerPool", "_start", ("batch", "e2e"))}


@pytest.fixture(autouse=True)
def _tier_marked(request, monkeypatch):
    """``pytest -m 'not sandbox and not batch and not e2e'`` must really start no sandbox and no batch:
    a test without its tier's marker that starts one fails, naming the marker it needs (a test that
    replaces the starting method with a fake of its own starts nothing and passes)."""
    import importlib

    for tier, (module, name, method, allowed) in _TIER_STARTS.items():
        if any(request.node.get_closest_marker(marker) for marker in allowed):
            continue
        owner = getattr(importlib.import_module(module), name)

        def refuse(*args, _tier=tier, _name=name, **kwargs):
            pytest.fail(f"this test starts a {_name}: mark it @pytest.mark.{_tier} (see pyproject.toml's markers)",
                        pytrace=False)

        monkeypatch.setattr(owner, method, refuse)
