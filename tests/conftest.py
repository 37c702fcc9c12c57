"""Shared test configuration: the grading device option and the gpu marker."""

import pytest
import torch


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default="cpu", choices=("cpu", "cuda"),
                     help="grading device for the grader tests (cuda needs a GPU)")


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
