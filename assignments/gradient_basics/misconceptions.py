"""Wrong-but-plausible versions of the gradient_basics functions."""

from __future__ import annotations

import torch

from assignments import misconceptions as ours
from autograder.api import catalogue as c


def _value_not_derivative(func, x0):
    return func(torch.tensor(float(x0))).item()


def _step(theta, x, y, lr, *, factor=2.0, sign=-1.0):
    residual = theta * x - y
    grad = factor * x * residual
    return float(residual * residual), float(grad), float(theta + sign * lr * grad)


def _step_without_factor_2(theta, x, y, lr):
    return _step(theta, x, y, lr, factor=1.0)


def _step_ascending(theta, x, y, lr):
    return _step(theta, x, y, lr, sign=+1.0)


def _step_with_fixed_rate(theta, x, y, lr):
    return _step(theta, x, y, 0.1)


def _step_without_update(theta, x, y, lr):
    error, grad, _ = _step(theta, x, y, lr)
    return error, grad, float(theta)


def _some_func_square_detached(x):
    return x.detach() * x.detach() + 3 * x + 1


def _some_func_linear_detached(x):
    return x * x + 3 * x.detach() + 1


_STEP_VARIANTS = [(c.MISSING_FACTOR_2, _step_without_factor_2), (c.GRADIENT_ASCENT, _step_ascending),
                  (c.LEARNING_RATE_IGNORED, _step_with_fixed_rate)]
_OPTIMIZER_STEP_VARIANTS = _STEP_VARIANTS + [(c.ZERO_GRAD_BEFORE_STEP, _step_without_update)]

VARIANTS = {
    # right values, a term's share of the gradient lost (gradient checks only: the values match the reference's)
    "some_func": [(c.PART_DETACHED, _some_func_square_detached), (c.PART_DETACHED, _some_func_linear_detached)],
    "derivative_at": [(ours.VALUE_INSTEAD_OF_DERIVATIVE, _value_not_derivative)],
    "step_plain_python": _STEP_VARIANTS,
    "step_autograd": _STEP_VARIANTS,
    "step_optimizer": _OPTIMIZER_STEP_VARIANTS,
    "step_mse_loss": _OPTIMIZER_STEP_VARIANTS,
}
