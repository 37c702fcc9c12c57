"""numerical_gradients: central differences against autograd (lesson "Numerical vs. Analytical Gradients").

``func(*params)`` returns a scalar tensor; ``params`` is a tuple of tensors.
"""

from __future__ import annotations

import itertools

import torch

__all__ = [
    "numerical_gradient",
    "autograd_gradient",
    "max_gradient_error",
    "loss_along_w",
    "make_line_data",
]


def make_line_data(n: int = 20, seed: int = 0, dtype=torch.float32):
    """``X`` (n, 1) evenly spaced in [-1, 1] and ``y = 2X + 3 + noise`` (n, 1)."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.linspace(-1, 1, n, dtype=dtype).unsqueeze(1)
    y = 2 * x + 3 + 0.1 * torch.randn(n, 1, generator=generator, dtype=dtype)
    return x, y


def numerical_gradient(func, params, param_idx, h=1e-5):
    """Central differences (f(p + h) − f(p − h)) / 2h for every element of ``params[param_idx]``.

    Works for any shape, 0-d included (``itertools.product`` over no ranges yields the
    single index ``()``); the result has that tensor's shape, dtype and device.
    """
    target = params[param_idx]
    grad = torch.zeros_like(target, requires_grad=False)
    for index in itertools.product(*(range(size) for size in target.shape)):
        nudged = []
        for sign in (+1, -1):
            values = [p.detach().clone() for p in params]
            values[param_idx][index] += sign * h
            nudged.append(func(*values).item())
        grad[index] = (nudged[0] - nudged[1]) / (2 * h)
    return grad


def autograd_gradient(func, params, param_idx):
    """The same gradient by autograd, on copies: no ``.grad`` lands on the caller's tensors."""
    leaves = [p.detach().clone() for p in params]
    leaves[param_idx].requires_grad_(True)
    (grad,) = torch.autograd.grad(func(*leaves), leaves[param_idx])
    return grad.detach()


def max_gradient_error(func, params, h=1e-5) -> float:
    """Largest absolute difference between numerical and autograd gradients over all params."""
    worst = 0.0
    for idx in range(len(params)):
        difference = numerical_gradient(func, params, idx, h) - autograd_gradient(func, params, idx)
        if difference.numel():
            worst = max(worst, difference.abs().max().item())
    return worst


def loss_along_w(X, y, w_values, b) -> list:
    """MSE of ``X @ w + b`` for each float ``w`` in ``w_values``, with ``b`` fixed.

    The weight is built in ``X``'s dtype and on its device: a float from NumPy is
    float64 and would otherwise clash with float32 data in the matmul.
    """
    losses = []
    for w in w_values:
        weight = torch.tensor([[float(w)]], dtype=X.dtype, device=X.device)
        losses.append(((X @ weight + b - y) ** 2).mean().item())
    return losses
