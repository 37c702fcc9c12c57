"""Wrong-but-plausible versions of the numerical_gradients functions."""

from __future__ import annotations

import functools
import itertools

import torch

from reference.numerical_gradients import autograd_gradient

from assignments import misconceptions as ours
from autograder.api import catalogue as c


def _difference(func, params, param_idx, h=1e-5, *, scheme="central", denominator=2.0):
    target = params[param_idx]
    grad = torch.zeros_like(target, requires_grad=False)
    for index in itertools.product(*(range(size) for size in target.shape)):
        values = [p.detach().clone() for p in params]
        base = func(*values).item()
        values[param_idx][index] += h
        plus = func(*values).item()
        if scheme == "forward":
            grad[index] = (plus - base) / h
        else:
            values[param_idx][index] -= 2 * h
            grad[index] = (plus - func(*values).item()) / (denominator * h)
    return grad


def _max_error(func, params, h=1e-5, *, scheme="central", signed=False, start=0.0):
    worst = start
    for idx in range(len(params)):
        difference = _difference(func, params, idx, h, scheme=scheme) - autograd_gradient(func, params, idx)
        if difference.numel():
            worst = max(worst, (difference if signed else difference.abs()).max().item())
    return worst


def _loss_along_w_summed(X, y, w_values, b):
    return [((X @ torch.tensor([[float(w)]], dtype=X.dtype, device=X.device) + b - y) ** 2).sum().item()
            for w in w_values]


def _autograd_instead(func, params, param_idx, h=1e-5):
    return autograd_gradient(func, params, param_idx)


VARIANTS = {
    # The autograd/difference swaps only differ from the reference on functions with a custom
    # backward (testfuncs.marked_sum_exp): elsewhere both agree within the tolerance.
    "numerical_gradient": [
        (c.FORWARD_DIFFERENCE, functools.partial(_difference, scheme="forward")),
        (ours.CENTRAL_DENOMINATOR, functools.partial(_difference, denominator=1.0)),
        (c.AUTOGRAD_FOR_DIFFERENCES, _autograd_instead),
    ],
    "autograd_gradient": [(c.NOT_AUTOGRAD, _difference)],
    "max_gradient_error": [
        (c.FORWARD_DIFFERENCE, functools.partial(_max_error, scheme="forward")),
        (c.SIGNED_ERROR, functools.partial(_max_error, signed=True, start=-float("inf"))),
        (c.SIGNED_ERROR, functools.partial(_max_error, signed=True, start=0.0)),
    ],
    "loss_along_w": [(c.SUM_INSTEAD_OF_MEAN, _loss_along_w_summed)],
}
