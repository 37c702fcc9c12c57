"""Checks for gradient_basics (f'(4) = 11 by autograd; one gradient step on E = (θx − y)² four ways)."""

import pytest
import torch

from autograder.expectations import expect_reference_match
from autograder.misconceptions import catalogue as mc
from autograder.runner import graded
from autograder.worker.wire import NamedCallable

STEPS = ("step_plain_python", "step_autograd", "step_optimizer", "step_mse_loss")
STEP_LABELS = ("E", "dE_dtheta", "theta_new")


def _hidden_steps(inputs, count=4):
    return [(inputs.number(-2, 2), inputs.number(-3, 3), inputs.number(-3, 3), inputs.number(0.01, 0.2))
            for _ in range(count)]


# -- some_func ---------------------------------------------------------------------------

@graded("some_func", 1, public=True)
def test_some_func_on_the_lesson_values(student, reference, device):
    expect_reference_match(student, reference, "some_func", torch.tensor([4.0, 0.0, -1.0], device=device))


@graded("some_func", 1)
def test_some_func_is_elementwise_and_differentiable(student, reference, inputs):
    x = inputs.randn(2, 3, scale=3.0, requires_grad=True)
    got, _ = expect_reference_match(student, reference, "some_func", x)
    if not got.value.requires_grad:
        raise AssertionError("`some_func` returns the right values but autograd cannot differentiate them: "
                             "build the result from tensor operations on x (no `.item()` or Python floats)")


# -- derivative_at -----------------------------------------------------------------------

@graded("derivative_at", 1, public=True)
def test_derivative_at_four_is_eleven(student, reference):
    expect_reference_match(student, reference, "derivative_at", NamedCallable("some_func"), 4.0)


@graded("derivative_at", 1)
def test_derivative_at_of_other_functions(student, reference, inputs):
    for name in ("cubic", "wave", "softplus", "some_func"):
        expect_reference_match(student, reference, "derivative_at", NamedCallable(name), inputs.number(-2, 2))


@graded("derivative_at", 1)
def test_derivative_at_uses_autograd(student, reference, inputs):
    expect_reference_match(student, reference, "derivative_at", NamedCallable("wave"), inputs.number(-2, 2),
                           require_api=[dict(any_of=("torch:backward", "torch:grad"), misconception=mc.NOT_AUTOGRAD)])


# -- the four ways of taking one step -----------------------------------------------------

def _each_step(points, public=False):
    return pytest.mark.parametrize("function", [pytest.param(f, id=f, marks=graded(f, points, public=public))
                                                for f in STEPS])


@_each_step(1, public=True)
def test_step_on_the_lesson_example(student, reference, function):
    expect_reference_match(student, reference, function, 1.0, 2.0, 3.0, 0.1, labels=STEP_LABELS)


@_each_step(1)
def test_step_on_other_values(student, reference, inputs, function):
    for theta, x, y, lr in _hidden_steps(inputs):
        expect_reference_match(student, reference, function, theta, x, y, lr, labels=STEP_LABELS)


REQUIRED_API = {
    "step_plain_python": [dict(none_of=("torch",), misconception=mc.TORCH_IN_PLAIN_PYTHON)],
    "step_autograd": [dict(any_of=("torch:backward", "torch:grad"), misconception=mc.NOT_AUTOGRAD),
                      dict(none_of=("optimizer",), misconception=mc.OPTIMIZER_USED)],
    "step_optimizer": [dict(any_of=("optimizer:SGD",), misconception=mc.NO_OPTIMIZER)],
    "step_mse_loss": [dict(any_of=("module:MSELoss",), misconception=mc.NO_MSE_LOSS_MODULE),
                      dict(any_of=("optimizer:SGD",), misconception=mc.NO_OPTIMIZER)],
}


@_each_step(1)
def test_step_is_computed_the_way_the_exercise_asks(student, reference, inputs, function):
    theta, x, y, lr = _hidden_steps(inputs, count=1)[0]
    expect_reference_match(student, reference, function, theta, x, y, lr, labels=STEP_LABELS,
                           require_api=REQUIRED_API[function])
