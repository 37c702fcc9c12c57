"""Grader settings, resolved once: command line > environment (PCPT_*) > pyproject.toml > defaults.

A bad value's error names where it came from, e.g. "PCPT_WORKERS='x' (environment)".
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import torch

from . import course as courses
from .errors import AutograderError
from .sandbox import Limits
from .sandbox.limits import MIB

CHOICES = {"device": ("auto", "cpu", "cuda"), "sandbox": ("auto", "bwrap", "process")}


class SettingsError(AutograderError, ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    """Every default of the grader; the time and memory limits default to the sandbox's own
    (``sandbox.Limits``, which knows nothing of settings)."""

    device: torch.device | str = "auto"  # auto | cpu | cuda, a torch.device once made (resolve_device)
    seed: int = 20261124                 # base seed of the hidden inputs
    workers: int = 2
    sandbox: str = "auto"                # auto | bwrap | process
    call_timeout: float = Limits.call_timeout
    cell_timeout: float = Limits.cell_timeout
    submission_timeout: float = Limits.submission_timeout
    memory_limit_mb: int = Limits.memory_bytes // MIB
    variants: int = 4                    # hidden-input variants, assigned per student (autograder.variants)
    scheduler: str = ""                  # Dask scheduler address; empty: the local worker pool
    reference_cache: str = ""            # folder of saved reference results; empty: OUT/.cache

    def __post_init__(self):
        object.__setattr__(self, "device", resolve_device(self.device, self.scheduler))

    def limits(self) -> Limits:
        return Limits(call_timeout=self.call_timeout, cell_timeout=self.cell_timeout,
                      submission_timeout=self.submission_timeout, memory_bytes=self.memory_limit_mb * MIB,
                      cpu_seconds=int(self.submission_timeout * 2) + 30)


def resolve_device(requested: torch.device | str, scheduler: str = "") -> torch.device:
    """The grading device, resolved once, when the ``Settings`` are made: "auto" is CUDA exactly when
    the machines that grade have it (this one; with a Dask scheduler, a connected worker that offers
    a GPU). "cuda" asked where this machine has none is an error (on a cluster, the workers check)."""
    if isinstance(requested, torch.device):
        return requested
    if requested == "auto" and scheduler:
        from .dask_cluster import cluster_offers_gpu

        return torch.device("cuda" if cluster_offers_gpu(scheduler) else "cpu")
    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if requested == "cuda" and not scheduler and not torch.cuda.is_available():
        raise SettingsError("--device cuda was requested but no CUDA device is available")
    return torch.device(requested)


MAX_VARIANTS = 64
_TOML_TYPES = {"int": (int,), "float": (int, float), "str": (str,)}


def _convert(name: str, raw, source: str):
    """Check and convert one value; strings (environment, command line) are parsed,
    values from TOML must already have the right type (no silent truncation)."""
    kind = "str" if name == "device" else {f.name: f.type for f in fields(Settings)}[name]
    if not isinstance(raw, str) and (isinstance(raw, bool) or not isinstance(raw, _TOML_TYPES[kind])):
        raise SettingsError(f"{name}={raw!r} ({source}) is not a valid {kind}")
    try:
        value = {"int": int, "float": float, "str": str}[kind](raw)
    except (TypeError, ValueError):
        raise SettingsError(f"{name}={raw!r} ({source}) is not a valid {kind}") from None
    if name in CHOICES and value not in CHOICES[name]:
        raise SettingsError(f"{name}={raw!r} ({source}) must be one of {', '.join(CHOICES[name])}")
    if kind == "float" and not math.isfinite(value):
        raise SettingsError(f"{name}={raw!r} ({source}) must be a finite number")
    if kind in ("int", "float") and name != "seed" and value <= 0:
        raise SettingsError(f"{name}={raw!r} ({source}) must be positive")
    if name == "variants" and value > MAX_VARIANTS:
        raise SettingsError(f"{name}={raw!r} ({source}) must be at most {MAX_VARIANTS} (the reference runs once "
                            "per variant)")
    return value


def load_settings(cli: dict | None = None, *, course: courses.Course | None = None, pyproject: Path | None = None,
                  environ=None) -> Settings:
    """The settings of grading ``course`` (its pyproject.toml's ``[tool.autograder]``, overridden)."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    pyproject = pyproject or (course.root / "pyproject.toml" if course else None)
    if pyproject is not None and pyproject.exists():
        try:
            table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("autograder", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{pyproject} is not valid TOML: {exc}") from None
        if not isinstance(table, dict):
            raise SettingsError(f"[tool.autograder] in {pyproject} must be a table")
        for name, raw in table.items():
            if name == "course":   # which course, not how to grade it (autograder.course)
                continue
            if name not in Settings.__dataclass_fields__:
                raise SettingsError(f"unknown setting {name!r} in {pyproject} [tool.autograder]")
            values[name] = _convert(name, raw, f"{pyproject.name} [tool.autograder]")
    for name in Settings.__dataclass_fields__:
        key = f"PCPT_{name.upper()}"
        if key in environ:
            values[name] = _convert(name, environ[key], f"environment {key}")
    for name, raw in (cli or {}).items():
        if raw is not None:
            values[name] = _convert(name, raw, f"--{name.replace('_', '-')}")
    return Settings(**values)
