"""gradient_basics: one derivative and one gradient-descent step, four ways.

From the lessons "A Simple Example of PyTorch Gradients" and "Gradient Computation With PyTorch"."""

from __future__ import annotations

import torch

__all__ = [
    "some_func",
    "derivative_at",
    "step_plain_python",
    "step_autograd",
    "step_optimizer",
    "step_mse_loss",
]


def some_func(x):
    """f(x) = x² + 3x + 1, elementwise; works for tensors (differentiably) and numbers."""
    return x * x + 3 * x + 1


def derivative_at(func, x0: float) -> float:
    """f'(x0) of a scalar function by autograd: a leaf that requires grad, backward, .grad."""
    x = torch.tensor(float(x0), requires_grad=True)
    func(x).backward()
    return x.grad.item()


def step_plain_python(theta: float, x: float, y: float, lr: float):
    """One gradient-descent step on E = (θx − y)² with plain Python floats.

    Returns ``(E, dE/dθ, θ_new)``; (1, 2, 3, 0.1) gives (1.0, −4.0, 1.4).
    """
    residual = theta * x - y
    error = residual * residual
    grad = 2 * x * residual
    return float(error), float(grad), float(theta - lr * grad)


def step_autograd(theta: float, x: float, y: float, lr: float):
    """The same step with a tensor θ, ``E.backward()`` and an update under ``torch.no_grad()``."""
    t = torch.tensor([float(theta)], requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    grad = t.grad.item()
    with torch.no_grad():
        t -= lr * t.grad
    return error.item(), grad, t.item()


def step_optimizer(theta: float, x: float, y: float, lr: float):
    """The same step, letting ``torch.optim.SGD`` apply the update."""
    t = torch.tensor([float(theta)], requires_grad=True)
    optimizer = torch.optim.SGD([t], lr=lr)
    optimizer.zero_grad()
    error = (t * x - y) ** 2
    error.backward()
    optimizer.step()
    return error.item(), t.grad.item(), t.item()


def step_mse_loss(theta: float, x: float, y: float, lr: float):
    """The same step with ``torch.nn.MSELoss`` as the error and ``torch.optim.SGD``."""
    t = torch.tensor([float(theta)], requires_grad=True)
    inputs, target = torch.tensor([float(x)]), torch.tensor([float(y)])
    optimizer = torch.optim.SGD([t], lr=lr)
    optimizer.zero_grad()
    loss = torch.nn.MSELoss()(t * inputs, target)
    loss.backward()
    optimizer.step()
    return loss.item(), t.grad.item(), t.item()
