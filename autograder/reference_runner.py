"""Runs the reference (and the misconception variants) at grading time, with a cache.

Results are computed on the grading device with the very inputs the student's function
received, and cached by (assignment, device, implementation, inputs fingerprint): in a
batch every student's check reuses them. The cache can be saved after a warm-up run
and loaded by worker processes (``save``/``load``; trusted data written by the grader
itself, read back with ``torch.load(weights_only=True)``).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import inspect
import io
import json
import textwrap
from pathlib import Path

import torch

from .worker import testfuncs, wire

_CACHE: dict[tuple, object] = {}


class ReferenceFailure(RuntimeError):
    """The reference itself raised: a bug in the grader, never the student's fault."""


def fingerprint(*parts) -> str:
    tree, blobs = wire.encode(list(parts))
    digest = hashlib.sha256(json.dumps(tree, sort_keys=True, default=str).encode())
    for blob in blobs:
        digest.update(blob)
    return digest.hexdigest()


class ReferenceRunner:
    def __init__(self, assignment: str, device):
        self.assignment = assignment
        self.device = torch.device(device)
        self.module = importlib.import_module(f"reference.{assignment}")

    def _key(self, implementation: str, args, kwargs) -> tuple:
        return (self.assignment, str(self.device), implementation, fingerprint(args, kwargs))

    def _run(self, key, function, args, kwargs):
        if key not in _CACHE:
            call_args, call_kwargs = testfuncs.materialise(copy.deepcopy((tuple(args), dict(kwargs or {}))))
            try:
                _CACHE[key] = ("value", function(*call_args, **call_kwargs))
            except Exception as exc:  # noqa: BLE001
                _CACHE[key] = ("error", f"{type(exc).__name__}: {exc}")
        return _CACHE[key]

    def call(self, function: str, args=(), kwargs=None):
        """The reference result for ``function(*args, **kwargs)``."""
        kind, value = self._run(self._key(function, args, kwargs), getattr(self.module, function), args, kwargs)
        if kind == "error":
            raise ReferenceFailure(f"reference {self.assignment}.{function} failed: {value}")
        return value

    def variant(self, key: str, implementation, args=(), kwargs=None):
        """A misconception variant's result, or None when it raised on these inputs."""
        kind, value = self._run(self._key("variant:" + key, args, kwargs), implementation, args, kwargs)
        return value if kind == "value" else None


def cache_size() -> int:
    return len(_CACHE)


def dump() -> bytes:
    """The cache (grader-made data only) as bytes, for other worker processes or machines."""
    buffer = io.BytesIO()
    torch.save([(list(k), v) for k, v in _CACHE.items()], buffer)
    return buffer.getvalue()


def save(path: Path) -> None:
    """Write the cache (grader-made data only) for other worker processes to load."""
    Path(path).write_bytes(dump())


def load(source: Path | bytes) -> int:
    """Add a saved cache (a file, or the bytes of ``dump``) to this process's cache."""
    entries = torch.load(io.BytesIO(source) if isinstance(source, bytes) else source, weights_only=True)
    for key, value in entries:
        _CACHE.setdefault(tuple(key), tuple(value) if isinstance(value, list) else value)
    return len(entries)


@functools.lru_cache(maxsize=None)
def substitute_source(assignment: str, names: tuple[str, ...]) -> str:
    """Source of the reference ``names`` and of the reference functions they call.

    The worker compiles it in a namespace of its own (with torch, itertools and math)
    so these functions can stand in for a student's dependencies during one call.
    """
    module = importlib.import_module(f"reference.{assignment}")
    needed, queue = [], list(names)
    while queue:
        name = queue.pop(0)
        if name in needed:
            continue
        needed.append(name)
        function = getattr(module, name)
        queue += [n for n in function.__code__.co_names if inspect.isfunction(getattr(module, n, None))]
    return "\n\n".join(textwrap.dedent(inspect.getsource(getattr(module, n))) for n in reversed(needed))
