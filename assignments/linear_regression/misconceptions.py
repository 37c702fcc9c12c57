"""Wrong-but-plausible versions of the linear_regression functions."""

from __future__ import annotations

import functools

import torch

from autograder.api import catalogue as c


def _loss(y_pred, y, reduce="mean"):
    squared = (y_pred - y) ** 2
    return squared.mean() if reduce == "mean" else squared.sum()


def _gradients(x, y, w, b, *, factor=2.0, reduce="mean"):
    n = x.shape[0] if reduce == "mean" else 1
    residual = x @ w + b - y
    return (factor / n) * (x.T @ residual), (factor / n) * residual.sum().reshape(1)


def _train(x, y, w0, b0, learning_rate=0.1, num_epochs=50, *, factor=2.0, reduce="mean", sign=-1.0,
           loss_after_update=False, fixed_lr=None):
    lr = learning_rate if fixed_lr is None else fixed_lr
    w, b = w0.detach().clone(), b0.detach().clone()
    losses = []
    for _ in range(num_epochs):
        loss = _loss(x @ w + b, y, reduce)
        grad_w, grad_b = _gradients(x, y, w, b, factor=factor, reduce=reduce)
        w = w + sign * lr * grad_w
        b = b + sign * lr * grad_b
        losses.append((_loss(x @ w + b, y, reduce) if loss_after_update else loss).item())
    return w, b, losses


def _train_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50, *, clear=True, zero_before_step=False,
                    reduce="mean", loss_after_update=False, fixed_lr=None):
    lr = learning_rate if fixed_lr is None else fixed_lr
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(num_epochs):
        if clear:
            optimizer.zero_grad()
        loss = _loss(x @ w + b, y, reduce)
        loss.backward()
        if zero_before_step:
            optimizer.zero_grad()
        optimizer.step()
        if loss_after_update:
            with torch.no_grad():
                loss = _loss(x @ w + b, y, reduce)
        losses.append(loss.item())
    return w.detach(), b.detach(), losses


def _sweep(x, y, w0, b0, learning_rates, num_epochs=50, **options):
    return {lr: _train(x, y, w0, b0, learning_rate=lr, num_epochs=num_epochs, **options)[2][-1]
            for lr in learning_rates}


def _p(function, **options):
    return functools.partial(function, **options)


VARIANTS = {
    "mse_loss": [(c.SUM_INSTEAD_OF_MEAN, _p(_loss, reduce="sum"))],
    "linear_regression_gradients": [
        (c.MISSING_FACTOR_2, _p(_gradients, factor=1.0)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_gradients, reduce="sum")),
    ],
    "train_linear_regression": [
        (c.MISSING_FACTOR_2, _p(_train, factor=1.0)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_train, reduce="sum")),
        (c.GRADIENT_ASCENT, _p(_train, sign=+1.0)),
        (c.LOSS_AFTER_UPDATE, _p(_train, loss_after_update=True)),
        (c.LEARNING_RATE_IGNORED, _p(_train, fixed_lr=0.1)),
    ],
    "train_linear_regression_autograd": [
        (c.GRADIENTS_NOT_CLEARED, _p(_train_autograd, clear=False)),
        (c.ZERO_GRAD_BEFORE_STEP, _p(_train_autograd, zero_before_step=True)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_train_autograd, reduce="sum")),
        (c.LOSS_AFTER_UPDATE, _p(_train_autograd, loss_after_update=True)),
        (c.LEARNING_RATE_IGNORED, _p(_train_autograd, fixed_lr=0.1)),
    ],
    "learning_rate_sweep": [
        (c.LEARNING_RATE_IGNORED, _p(_sweep, fixed_lr=0.1)),
        (c.LOSS_AFTER_UPDATE, _p(_sweep, loss_after_update=True)),
        (c.MISSING_FACTOR_2, _p(_sweep, factor=1.0)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_sweep, reduce="sum")),
    ],
}
