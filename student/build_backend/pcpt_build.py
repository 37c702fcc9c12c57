"""The wheel's build backend: setuptools, with the grader's portable package copied in first.

``pcpt_portable`` (value encoding, comparison, tolerances, test functions, messages, the
check runner) lives once, beside the engine that uses it (``../pcpt_portable``). Building
this package (``pip wheel ./student``, ``pip install ./student``, ``python -m build``)
copies it into the source tree for the build and removes the copy afterwards, so no copy
is ever committed. An sdist carries the copy, so a wheel built from the sdist needs nothing
outside it.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from setuptools import build_meta as _setuptools

HERE = Path(__file__).resolve().parent.parent          # student/
SOURCE = HERE.parent / "pcpt_portable"                   # the engine's copy, in the course repository
COPY = HERE / "pcpt_portable"


@contextmanager
def _portable():
    if not SOURCE.is_dir():       # building from an sdist: it already holds the package
        if not (COPY / "__init__.py").exists():
            raise RuntimeError(f"pcpt_portable not found: neither {SOURCE} nor {COPY} exists")
        yield
        return
    shutil.rmtree(COPY, ignore_errors=True)
    shutil.copytree(SOURCE, COPY, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    try:
        yield
    finally:
        shutil.rmtree(COPY, ignore_errors=True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with _portable():
        return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    with _portable():
        return _setuptools.build_sdist(sdist_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    raise RuntimeError("pcpt-check has no editable install: build the wheel (`make student-wheel`) and install it")


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    with _portable():
        return _setuptools.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


get_requires_for_build_wheel = _setuptools.get_requires_for_build_wheel
get_requires_for_build_sdist = _setuptools.get_requires_for_build_sdist
