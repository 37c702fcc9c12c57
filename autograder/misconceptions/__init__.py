"""The misconception catalogue and the alternative implementations that recognise them."""

from __future__ import annotations

import importlib

from .catalogue import ALL, BY_KEY, Misconception, from_error

__all__ = ["ALL", "BY_KEY", "Misconception", "from_error", "variants_for"]


def variants_for(assignment: str, function: str) -> list:
    """``[(Misconception, implementation), ...]`` registered for one graded function."""
    module = importlib.import_module(f"{__name__}.{assignment}")
    return list(getattr(module, "VARIANTS", {}).get(function, ()))
