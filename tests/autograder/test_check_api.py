"""The check API keeps a graded function's arguments (args=, kwargs=) apart from the check's own options."""

from __future__ import annotations

import pytest

from autograder.expectations import GradingFailure, expect_reference_match
from autograder.reference_runner import ReferenceRunner
from autograder.sandbox import CallResult
from reference import autograd_descent
from tests.helpers.course import COURSE


class InProcessStudent:
    """A submission whose functions are plain Python callables, called in this process."""

    def __init__(self, **functions):
        self.functions = functions
        self.calls: list[tuple[tuple, dict]] = []

    def call(self, function, args=(), kwargs=None, trace=False) -> CallResult:
        self.calls.append((tuple(args), dict(kwargs or {})))
        value = self.functions[function](*args, **(kwargs or {}))
        return CallResult(ok=True, value=value, inputs_after=[list(args), dict(kwargs or {})])


def ten_steps_whatever_asked(clear_grad=True, steps=10, **kwargs):
    return autograd_descent.gradient_accumulation_demo(clear_grad, 10, **kwargs)


@pytest.fixture
def reference():
    return ReferenceRunner(COURSE.assignment("autograd_descent"), "cpu")


def test_kwargs_reach_the_function_and_options_stay_with_the_check(reference):
    student = InProcessStudent(gradient_accumulation_demo=autograd_descent.gradient_accumulation_demo)
    expect_reference_match(student, reference, "gradient_accumulation_demo",
                           kwargs={"clear_grad": False, "steps": 6}, loop_steps=6)
    assert student.calls == [((), {"clear_grad": False, "steps": 6})]


def test_a_function_that_ignores_an_argument_named_like_an_option_fails(reference):
    student = InProcessStudent(gradient_accumulation_demo=ten_steps_whatever_asked)
    with pytest.raises(GradingFailure, match="expected 6 items, got 10"):
        expect_reference_match(student, reference, "gradient_accumulation_demo",
                               kwargs={"clear_grad": True, "steps": 6}, loop_steps=6)


def test_an_unknown_option_is_an_error_not_an_argument(reference):
    student = InProcessStudent(gradient_accumulation_demo=autograd_descent.gradient_accumulation_demo)
    with pytest.raises(TypeError):
        expect_reference_match(student, reference, "gradient_accumulation_demo", steps=6)
    assert student.calls == []
