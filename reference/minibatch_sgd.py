"""minibatch_sgd: full-batch, stochastic and mini-batch gradient descent on linear regression.

The next step after linear_regression: the same model ``x @ w + b`` and mean squared
error, but each update uses the gradient of a batch of rows instead of all N.
Shapes: ``x`` (N, D), ``y`` (N,), ``w`` (D,), ``b`` (1,).
"""

from __future__ import annotations

import torch

from reference.linear_regression import make_linear_data  # the linear_regression lesson's data

__all__ = ["batch_indices", "sgd_epoch", "train_minibatch", "compare_batch_sizes", "make_linear_data"]


def batch_indices(n: int, batch_size: int, generator=None) -> list:
    """The rows of each batch of one epoch: int64 CPU tensors of ``batch_size`` indices.

    The order is ``torch.randperm(n, generator=generator)`` with a generator and
    ``torch.arange(n)`` without; the last batch is shorter when ``batch_size`` does not
    divide ``n`` (nothing is dropped).
    """
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    return list(torch.split(order, batch_size))


def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    """One epoch of mini-batch SGD: one autograd update per batch of ``batch_indices``.

    Returns ``(w, b, batch_losses)``: new detached tensors and each batch's loss, measured
    at its forward pass (before its update). The caller's ``w`` and ``b`` are unchanged.
    """
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        rows = rows.to(x.device)
        loss = ((x[rows] @ w + b - y[rows]) ** 2).mean()
        batch_losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= learning_rate * w.grad
            b -= learning_rate * b.grad
        w.grad = None
        b.grad = None
    return w.detach(), b.detach(), batch_losses


def train_minibatch(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0):
    """``num_epochs`` epochs of ``sgd_epoch``, epoch k shuffled by ``Generator().manual_seed(seed + k)``.

    Returns ``(w, b, epoch_losses)``: the final tensors and, per epoch, the MSE on all N
    rows after that epoch's updates.
    """
    w, b = w0.detach().clone(), b0.detach().clone()
    epoch_losses = []
    for epoch in range(num_epochs):
        generator = torch.Generator().manual_seed(seed + epoch)
        w, b, _ = sgd_epoch(x, y, w, b, learning_rate, batch_size, generator)
        epoch_losses.append(((x @ w + b - y) ** 2).mean().item())
    return w, b, epoch_losses


def compare_batch_sizes(x, y, w0, b0, batch_sizes, learning_rate=0.05, num_epochs=20, seed=0) -> dict:
    """``{batch_size: final epoch loss}`` of ``train_minibatch`` for each batch size."""
    return {
        size: train_minibatch(x, y, w0, b0, learning_rate=learning_rate, num_epochs=num_epochs,
                              batch_size=size, seed=seed)[2][-1]
        for size in batch_sizes
    }
