"""linear_regression: loss, hand-derived gradients and training loops (lesson "The Simplest Case: Linear Regression").

Shapes: ``x`` (N, D), ``y`` (N,), ``w`` (D,), ``b`` (1,); the prediction is ``x @ w + b``.
"""

from __future__ import annotations

import torch

__all__ = [
    "mse_loss",
    "linear_regression_gradients",
    "train_linear_regression",
    "train_linear_regression_autograd",
    "learning_rate_sweep",
    "make_linear_data",
]


def make_linear_data(n: int = 100, true_w=(2.0,), true_b: float = -1.0, noise: float = 0.1, seed: int = 42):
    """Points on a line (or hyperplane) plus Gaussian noise: ``x`` (n, D) in [-1, 1], ``y`` (n,).

    With one feature, ``x`` is evenly spaced as in the lesson; with more, uniform at random.
    """
    generator = torch.Generator().manual_seed(seed)
    weights = torch.tensor(true_w, dtype=torch.float32)
    if weights.numel() == 1:
        x = torch.linspace(-1, 1, n).unsqueeze(1)
    else:
        x = torch.rand(n, weights.numel(), generator=generator) * 2 - 1
    y = x @ weights + true_b + noise * torch.randn(n, generator=generator)
    return x, y


def mse_loss(y_pred, y):
    """Mean of the squared differences, as a 0-d tensor."""
    return ((y_pred - y) ** 2).mean()


def linear_regression_gradients(x, y, w, b):
    """Gradients of the MSE of ``x @ w + b`` by the hand-derived formula (no autograd).

    dL/dw = 2/N · xᵀ(ŷ − y) and dL/db = 2/N · Σ(ŷ − y); shapes (D,) and (1,).
    """
    n = x.shape[0]
    residual = x @ w + b - y
    grad_w = (2.0 / n) * (x.T @ residual)
    grad_b = (2.0 / n) * residual.sum().reshape(1)
    return grad_w, grad_b


def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    """Full-batch gradient descent with the hand-derived gradients.

    Returns ``(w, b, losses)``: the final tensors and the loss of each epoch's forward
    pass, measured before that epoch's update. ``w0`` and ``b0`` are left unchanged.
    """
    w, b = w0.detach().clone(), b0.detach().clone()
    losses = []
    for _ in range(num_epochs):
        losses.append(mse_loss(x @ w + b, y).item())
        grad_w, grad_b = linear_regression_gradients(x, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b, losses


def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    """The same training with leaf tensors that require grad and ``torch.optim.SGD``."""
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), losses


def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50) -> dict:
    """``{learning_rate: final loss}``, the final loss being the last entry of ``losses``."""
    return {
        lr: train_linear_regression(x, y, w0, b0, learning_rate=lr, num_epochs=num_epochs)[2][-1]
        for lr in learning_rates
    }
