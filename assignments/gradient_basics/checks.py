"""Checks for gradient_basics (f'(4) = 11 by autograd; one gradient step on E = (θx − y)² four ways)."""

import pytest
import torch

from autograder.api import (call, compare, expect_gradient_match, expect_reference_match, graded, GradingFailure,
                            how, NamedCallable, tolerance_for)
from autograder.api import catalogue as mc

STEPS = ("step_plain_python", "step_autograd", "step_optimizer", "step_mse_loss")
STEP_LABELS = ("E", "dE_dtheta", "theta_new")


def _hidden_steps(inputs, count=4):
    return [(inputs.number(-2, 2), inputs.number(-3, 3), inputs.number(-3, 3), inputs.number(0.01, 0.2))
            for _ in range(count)]


# -- some_func ---------------------------------------------------------------------------

@graded("some_func", 1, public=True)
def test_some_func_on_the_lesson_values(student, reference, device):
    expect_reference_match(student, reference, "some_func", args=(torch.tensor([4.0, 0.0, -1.0], device=device),))
    # Public checks also try inputs of their own: an answer that ignores its inputs never passes.
    expect_reference_match(student, reference, "some_func",
                           args=(torch.tensor([[1.5, -2.0], [0.5, 3.0]], device=device),))


# The contract says differentiable: right values with a wrong gradient (x.detach() * x.detach() + 3x + 1)
# lose the gradient checks, and only those.
@graded("some_func", 1, public=True)
def test_some_func_gradient_on_the_lesson_values(student, reference, device):
    expect_gradient_match(student, reference, "some_func", args=(torch.tensor([4.0, 0.0, -1.0], device=device),))
    expect_gradient_match(student, reference, "some_func",
                          args=(torch.tensor([[1.5, -2.0], [0.5, 3.0]], device=device),))


@graded("some_func", 1)
def test_some_func_is_elementwise_and_differentiable(student, reference, inputs):
    expect_gradient_match(student, reference, "some_func", args=(inputs.randn(2, 3, scale=3.0),))


# -- derivative_at -----------------------------------------------------------------------

@graded("derivative_at", 1, public=True)
def test_derivative_at_four_is_eleven(student, reference):
    expect_reference_match(student, reference, "derivative_at", args=(NamedCallable("some_func"), 4.0))
    expect_reference_match(student, reference, "derivative_at", args=(NamedCallable("cubic"), 1.5))


@graded("derivative_at", 1)
def test_derivative_at_of_other_functions(student, reference, inputs):
    for name in ("cubic", "wave", "softplus", "some_func"):
        expect_reference_match(student, reference, "derivative_at", args=(NamedCallable(name), inputs.number(-2, 2)))


@graded("derivative_at", 1)
def test_derivative_at_uses_autograd(student, reference, inputs):
    x0 = inputs.number(-2, 2)
    expect_reference_match(student, reference, "derivative_at", args=(NamedCallable("wave"), x0),
                           require_api=[how.uses_autograd(of_argument=(1, "x0"))])
    # marked_wave is wave with a custom backward() that adds a known slope: only autograd
    # follows it, so a derivative found any other way (by hand, by differences) misses it.
    marked = (NamedCallable("marked_wave"), x0)
    got = call(student, "derivative_at", args=marked)
    tolerance = tolerance_for(torch.float32, reference.device, 1)
    if compare(got.value, reference.call("derivative_at", marked, {}), tolerance) is not None:
        raise GradingFailure("`derivative_at` gives the right derivative of an ordinary function but not the gradient "
                             f"autograd computes through a custom `backward()`: {mc.NOT_AUTOGRAD.title}\n"
                             f"→ {mc.NOT_AUTOGRAD.fix}", misconception=mc.NOT_AUTOGRAD)


# -- the four ways of taking one step -----------------------------------------------------

def _each_step(points, public=False):
    return pytest.mark.parametrize("function", [pytest.param(f, id=f, marks=graded(f, points, public=public))
                                                for f in STEPS])


@_each_step(1, public=True)
def test_step_on_the_lesson_example(student, reference, function):
    expect_reference_match(student, reference, function, args=(1.0, 2.0, 3.0, 0.1), labels=STEP_LABELS)
    expect_reference_match(student, reference, function, args=(-0.5, 1.5, 2.0, 0.05), labels=STEP_LABELS)


@_each_step(1)
def test_step_on_other_values(student, reference, inputs, function):
    for theta, x, y, lr in _hidden_steps(inputs):
        expect_reference_match(student, reference, function, args=(theta, x, y, lr), labels=STEP_LABELS)


# (E, dE/dθ, θ_new): the gradient is result [1] for a leaf holding θ (argument 0); the SGD
# step at lr (argument 3) leaves θ_new, result [2]; MSELoss gives E, result [0].
_AUTOGRAD = how.uses_autograd(gradient=(1,), of_argument=(0, "theta"))
_SGD = how.uses_sgd(updated=((2,),), rate=(3, "lr"))
REQUIRED_API = {
    "step_plain_python": [how.no_torch()],
    "step_autograd": [_AUTOGRAD, how.no_optimizer()],
    "step_optimizer": [_SGD],
    "step_mse_loss": [how.uses_mse_loss(error=(0,)), _SGD],
}


@_each_step(1)
def test_step_is_computed_the_way_the_exercise_asks(student, reference, inputs, function):
    theta, x, y, lr = _hidden_steps(inputs, count=1)[0]
    expect_reference_match(student, reference, function, args=(theta, x, y, lr), labels=STEP_LABELS,
                           require_api=REQUIRED_API[function])
