"""The reference results of a batch, computed once and kept on disk.

The warm-up runs every check against the reference itself (the grader's self-test: the
reference must pass all its checks) and, on each compared call, every misconception
variant too; what the reference computed is saved as one file. The file is named by a
key of everything its numbers depend on:

    grader version, assignment, course content (reference, checks, misconceptions, input
    generator), device, default dtype, and the inputs' identity (the base seed)

so a second batch, a rerun and every new Dask worker load it instead of warming up, and
an edited course file, another device or another seed gives another file. ``inputs`` is
a dict so that per-student input variants can add their identity to it.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import torch

from . import __version__, reference_runner
from .course import Assignment
from .errors import ReferenceSelfTestError
from .results import Outcome
from .sinks.files import atomic_write
from .submission import InProcessSubmission

PACKAGE = Path(__file__).resolve().parent


def course_files(found: Assignment) -> list[Path]:
    """The files whose content decides the reference results of the assignment ``found``."""
    content = sorted(p for p in found.folder.glob("*.py")) + sorted(found.folder.parent.glob("*.py"))
    return [found.reference_file, *content, found.source_notebook, PACKAGE / "inputs.py",
            PACKAGE / "misconceptions" / "__init__.py"]


def content_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def cache_key(assignment: Assignment, device: str, seed: int, *, inputs: dict | None = None) -> dict:
    """Everything the cached numbers depend on (see the module docstring)."""
    return {"grader_version": __version__, "assignment": assignment.name,
            "course": content_hash(course_files(assignment)), "device": device,
            "dtype": str(torch.get_default_dtype()).removeprefix("torch."),
            "inputs": {"seed": seed, **(inputs or {})}}


def cache_file(folder: Path, key: dict) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    return Path(folder) / f"reference-{key['assignment']}-{key['device']}-{digest}.pt"


def store(path: Path, data: bytes, key: dict) -> None:
    """Save a warm-up's bytes atomically, with the key beside them for people to read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    atomic_write(path.with_suffix(".json"), json.dumps(key, indent=1, sort_keys=True))


def self_test(checks, variants, needed: list[int]) -> None:
    """Grade the reference with an open check session, the hidden checks once per
    ``needed`` hidden-input variant; fills the reference cache."""
    assignment = checks.assignment
    namespace = dict(vars(reference_runner.reference_module(assignment)))
    results = []
    for number, variant in enumerate(needed or [0]):
        found = checks.grade(InProcessSubmission(namespace, assignment),
                             hidden_seed=variants.seed(assignment.name, variant),
                             select=None if number == 0 else (lambda meta: meta["visibility"] == "hidden"))
        results.extend((variant, r) for r in found)
    failing = [f"{r.name} (variant {v}): {r.message}" for v, r in results if r.outcome != Outcome.PASSED]
    if failing:
        raise ReferenceSelfTestError("the reference fails its own checks (a grader bug):\n" + "\n".join(failing))


def warm_reference(checks, cache: Path, key: dict, variants, needed: list[int]) -> float:
    """Run the self-test in an open check session and save what the reference computed to ``cache``."""
    started = time.monotonic()
    self_test(checks, variants, needed)
    store(cache, checks.reference_runner.dump(), key)
    return time.monotonic() - started
