"""Stand-ins for a submission and a reference, for engine tests that need neither a sandbox nor a course;
a counter of pytest sessions."""

from __future__ import annotations

import types
from contextlib import contextmanager

import pytest
import torch
from _pytest.main import Session

from pcpt_portable import gradients
from autograder.sandbox import CallResult, StudentError


class Student:
    """A submission whose functions are plain callables; inputs come back as the call left them."""

    def __init__(self, **functions):
        self.functions = functions

    def call(self, function, args=(), kwargs=None, *, trace=False, vjp=None) -> CallResult:
        if function not in self.functions:
            return CallResult(False, error=StudentError("missing", "NameError", f"{function} is not defined"))
        try:
            if vjp:   # a gradient call (expect_gradient_match), taken as the student's process takes it
                taken = gradients.vjp(self.functions[function], args, kwargs or {}, vjp["wrt"], vjp["grad_outputs"])
                return CallResult(True, value=taken.value, inputs_after=[list(args), dict(kwargs or {})],
                                  attached=taken.attached, gradients=taken.gradients)
            value = self.functions[function](*args, **(kwargs or {}))
        except Exception as exc:  # noqa: BLE001 - a student's function may raise anything
            return CallResult(False, error=StudentError("exception", type(exc).__name__, str(exc)))
        return CallResult(True, value=value, inputs_after=[list(args), dict(kwargs or {})])

    def cell_errors(self) -> list:
        return []


class Reference:
    """The ``ReferenceRunner`` interface over plain callables (no cache)."""

    assignment = "course"
    device = torch.device("cpu")

    def __init__(self, **functions):
        self.functions = functions
        self.module = types.SimpleNamespace(**functions)

    def call(self, function, args=(), kwargs=None):
        return self.functions[function](*args, **(kwargs or {}))

    def target(self, function):
        return self.functions[function]

    def vjp(self, function, args, kwargs, wrt, grad_outputs, *, variant=None):
        try:
            taken = gradients.vjp(variant[1] if variant else self.functions[function], args, kwargs, wrt, grad_outputs)
        except Exception:  # noqa: BLE001 - a variant that raises matches nothing
            if variant:
                return None
            raise
        return taken.value, taken.attached, taken.gradients

    def variant(self, key, implementation, args=(), kwargs=None):
        try:
            return implementation(*args, **(kwargs or {}))
        except Exception:  # noqa: BLE001 - a variant that raises matches nothing
            return None


@contextmanager
def counting_pytest_sessions():
    """Counts the pytest sessions this process starts and the collections they run, while inside."""
    counts = {"sessions": 0, "collections": 0}
    from_config, perform_collect = Session.from_config.__func__, Session.perform_collect

    def counted_from_config(cls, config):
        counts["sessions"] += 1
        return from_config(cls, config)

    def counted_collect(self, *args, **kwargs):
        counts["collections"] += 1
        return perform_collect(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Session, "from_config", classmethod(counted_from_config))
        patch.setattr(Session, "perform_collect", counted_collect)
        yield counts
