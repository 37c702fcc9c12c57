"""Wrong-but-plausible versions of the autograd_descent functions."""

from __future__ import annotations

import functools

import torch

from reference import autograd_descent as ref

from assignments import misconceptions as ours
from autograder.api import catalogue as c


def _mse(prediction, target, reduce="mean"):
    squared = (prediction - target) ** 2
    return squared.mean() if reduce == "mean" else squared.sum()


def _layer_summed(x, y, w, b):
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    loss = _mse(x @ w_leaf + b_leaf, y, "sum")
    loss.backward()
    return w_leaf.grad.detach(), b_leaf.grad.detach(), loss.item()


def _closed_form_reversed(x, y):
    a, b, c_, loss = ref.regression_polynomial_second_order(x, y)
    return c_, b, a, loss


def _closed_form_summed(x, y):
    a, b, c_, _ = ref.regression_polynomial_second_order(x, y)
    return a, b, c_, _mse(a + b * x + c_ * x**2, y, "sum").item()


def _initial(count, x, seed, on_device, shape):
    """Seeded initial values; ``on_device`` draws them from the data device's generator."""
    torch.manual_seed(seed)
    if on_device:
        return [v.to(x.dtype) for v in torch.randn(count, device=x.device)] if shape is None else \
            [torch.randn(shape, device=x.device).to(x.dtype) for _ in range(count)]
    if shape is None:
        return list(torch.randn(count).to(device=x.device, dtype=x.dtype))
    return [torch.randn(shape).to(device=x.device, dtype=x.dtype) for _ in range(count)]


def _manual(x, y, learning_rate=1e-2, num_iterations=4000, *, seed=0, factor=2.0, reduce="mean", sign=-1.0,
            loss_after_update=False, on_device=False):
    a, b, c_ = _initial(3, x, seed, on_device, None)
    n = x.shape[0] if reduce == "mean" else 1
    loss = torch.tensor(float("nan"))
    for _ in range(num_iterations):
        prediction = a + b * x + c_ * x**2
        loss = _mse(prediction, y, reduce)
        g = factor * (prediction - y) / n
        a = a + sign * learning_rate * g.sum()
        b = b + sign * learning_rate * (g * x).sum()
        c_ = c_ + sign * learning_rate * (g * x**2).sum()
        if loss_after_update:
            loss = _mse(a + b * x + c_ * x**2, y, reduce)
    return a.item(), b.item(), c_.item(), loss.item()


def _autograd(x, y, learning_rate=1e-2, num_iterations=4000, *, seed=1, clear=True, sign=-1.0,
              loss_after_update=False, on_device=False):
    params = [p.requires_grad_(True) for p in _initial(3, x, seed, on_device, ())]
    loss = torch.tensor(float("nan"))
    for _ in range(num_iterations):
        loss = _mse(params[0] + params[1] * x + params[2] * x**2, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p += sign * learning_rate * p.grad
                if clear:
                    p.grad = None
            if loss_after_update:
                loss = _mse(params[0] + params[1] * x + params[2] * x**2, y)
    return (*(p.item() for p in params), loss.item())


def _accumulation(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5, *,
                  invert_clearing=False, values_after_update=False):
    clear = (not clear_grad) if invert_clearing else clear_grad
    rows = ref.gradient_accumulation_demo(clear, steps, learning_rate, x, y, a0, b0)
    if not values_after_update:
        return rows
    shifted = []
    for loss, a, b, grad_a, grad_b in rows:
        shifted.append((loss, a - learning_rate * grad_a, b - learning_rate * grad_b, grad_a, grad_b))
    return shifted


def _himmelblau_run(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None, *, stop="before_update",
                    clear=True, sign=-1.0):
    u = torch.tensor(float(u0), requires_grad=True)
    v = torch.tensor(float(v0), requires_grad=True)
    losses, path = [], []
    for _ in range(num_steps):
        loss = ref.himmelblau(u, v)
        losses.append(loss.item())
        path.append((u.item(), v.item()))
        converged = loss_tol is not None and len(losses) > 1 and abs(losses[-1] - losses[-2]) < loss_tol
        if converged and stop == "before_update":
            break
        if loss_tol is not None and stop == "late" and len(losses) > 2 and abs(losses[-2] - losses[-3]) < loss_tol:
            break
        loss.backward()
        with torch.no_grad():
            u += sign * learning_rate * u.grad
            v += sign * learning_rate * v.grad
        if clear:
            u.grad = None
            v.grad = None
        if converged and stop == "after_update":
            break
    return u.item(), v.item(), losses, path


def _himmelblau_detached(u, v, *, term):
    terms = [u ** 2 + v - 11, u + v ** 2 - 7]
    if isinstance(terms[term], torch.Tensor):
        terms[term] = terms[term].detach()
    return terms[0] ** 2 + terms[1] ** 2


def _p(function, **options):
    return functools.partial(function, **options)


VARIANTS = {
    # right values, one term's share of the gradient lost (gradient checks only; tensors, as those checks pass)
    "himmelblau": [(c.PART_DETACHED, _p(_himmelblau_detached, term=0)),
                   (c.PART_DETACHED, _p(_himmelblau_detached, term=1))],
    "linear_layer_gradients": [(c.SUM_INSTEAD_OF_MEAN, _layer_summed)],
    "regression_polynomial_second_order": [
        (ours.DESIGN_MATRIX_REVERSED, _closed_form_reversed),
        (c.SUM_INSTEAD_OF_MEAN, _closed_form_summed),
    ],
    "polynomial_gradient_descent_manual": [
        (c.MISSING_FACTOR_2, _p(_manual, factor=1.0)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_manual, reduce="sum")),
        (ours.WRONG_SEED, _p(_manual, seed=1)),
        (c.GRADIENT_ASCENT, _p(_manual, sign=+1.0)),
        (c.LOSS_AFTER_UPDATE, _p(_manual, loss_after_update=True)),
        (c.GPU_RANDOM_DRAW, _p(_manual, on_device=True)),
    ],
    "regression_polynomial_second_order_via_gradient": [
        (c.GRADIENTS_NOT_CLEARED, _p(_autograd, clear=False)),
        (ours.WRONG_SEED, _p(_autograd, seed=0)),
        (c.GRADIENT_ASCENT, _p(_autograd, sign=+1.0)),
        (c.LOSS_AFTER_UPDATE, _p(_autograd, loss_after_update=True)),
        (c.GPU_RANDOM_DRAW, _p(_autograd, on_device=True)),
    ],
    "gradient_accumulation_demo": [
        (c.GRADIENTS_CLEARED_ANYWAY, _p(_accumulation, invert_clearing=True)),
        (ours.VALUES_AFTER_UPDATE, _p(_accumulation, values_after_update=True)),
    ],
    "optimize_himmelblau": [
        (ours.EARLY_STOP_AFTER_UPDATE, _p(_himmelblau_run, stop="after_update")),
        (ours.EARLY_STOP_OFF_BY_ONE, _p(_himmelblau_run, stop="late")),
        (c.GRADIENTS_NOT_CLEARED, _p(_himmelblau_run, clear=False)),
        (c.GRADIENT_ASCENT, _p(_himmelblau_run, sign=+1.0)),
    ],
}
