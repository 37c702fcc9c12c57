"""autograd_descent: autograd, polynomial regression and the three exercises (PCPT Unit 4).

``x`` and ``y`` are 1-d tensors; the model is ``a + b*x + c*x**2`` with the MSE as loss.
Functions that draw initial values draw them from the CPU generator exactly as the
lesson does and then move them to the data's device and dtype.
"""

from __future__ import annotations

import torch

__all__ = [
    "generate_training_pairs",
    "linear_layer_gradients",
    "regression_polynomial_second_order",
    "polynomial_gradient_descent_manual",
    "regression_polynomial_second_order_via_gradient",
    "gradient_accumulation_demo",
    "himmelblau",
    "optimize_himmelblau",
]


def generate_training_pairs(num: int = 100):
    """The lesson's data: x uniform in [0, 2), y a noisy quadratic with a ripple (seed 0)."""
    torch.manual_seed(0)
    x = torch.rand(num) * 2
    y = x + 2 * (x - 0.9) ** 2 + 0.3 * torch.cos(20 * x) + 0.1 * torch.randn(num)
    return x, y


def _polynomial(a, b, c, x):
    return a + b * x + c * x**2


def _mse(prediction, target):
    return ((prediction - target) ** 2).mean()


def linear_layer_gradients(x, y, w, b):
    """Gradients of mean((x @ w + b − y)²) by autograd, on copies of ``w`` and ``b``.

    Returns ``(grad_w, grad_b, loss)`` with ``loss`` a float; the toy example
    x = [[2, 3]], y = [[3]], w = ones(2, 1), b = ones(1, 1) gives ([[12], [18]], [[6]], 9.0).
    """
    w_leaf = w.detach().clone().requires_grad_(True)
    b_leaf = b.detach().clone().requires_grad_(True)
    loss = _mse(x @ w_leaf + b_leaf, y)
    loss.backward()
    return w_leaf.grad.detach(), b_leaf.grad.detach(), loss.item()


def regression_polynomial_second_order(x, y):
    """Closed-form least squares for a + b x + c x² via the normal equations (XᵀX) c = Xᵀy.

    Returns floats ``(a, b, c, loss)``.
    """
    design = torch.stack([torch.ones_like(x), x, x**2], dim=1)
    a, b, c = torch.linalg.solve(design.T @ design, design.T @ y)
    return a.item(), b.item(), c.item(), _mse(_polynomial(a, b, c, x), y).item()


def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    """Gradient descent with hand-derived gradients dL/dc_d = 2/N Σ (ŷ − y) x^d.

    Initial values: ``torch.manual_seed(0); a, b, c = torch.randn(3)``. Returns floats
    ``(a, b, c, loss)``, the loss being that of the last forward pass.
    """
    torch.manual_seed(0)
    a, b, c = torch.randn(3).to(device=x.device, dtype=x.dtype)
    loss = torch.tensor(float("nan"))
    for _ in range(num_iterations):
        prediction = _polynomial(a, b, c, x)
        loss = _mse(prediction, y)
        grad_prediction = 2.0 * (prediction - y)
        a = a - learning_rate * grad_prediction.mean()
        b = b - learning_rate * (grad_prediction * x).mean()
        c = c - learning_rate * (grad_prediction * x**2).mean()
    return a.item(), b.item(), c.item(), loss.item()


def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    """Exercise 1: the same descent with autograd.

    Initial values: ``torch.manual_seed(1)`` then ``a``, ``b``, ``c`` each ``torch.randn(())``;
    the update runs under ``torch.no_grad()`` and the gradients are cleared every
    iteration. Returns floats ``(a, b, c, loss)`` with the loss of the last forward pass.
    """
    torch.manual_seed(1)
    params = [torch.randn(()).to(device=x.device, dtype=x.dtype).requires_grad_(True) for _ in range(3)]
    loss = torch.tensor(float("nan"))
    for _ in range(num_iterations):
        loss = _mse(_polynomial(*params, x), y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= learning_rate * p.grad
                p.grad = None
    a, b, c = (p.item() for p in params)
    return a, b, c, loss.item()


def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    """Exercise 2: descent on (a·x + b − y)², with or without clearing the gradients.

    Returns ``steps`` tuples ``(loss, a, b, grad_a, grad_b)`` of floats: loss, a and b
    at the forward pass, the gradients as ``.grad`` holds them right after ``backward()``
    (a running sum when ``clear_grad`` is False).
    """
    a = torch.tensor(float(a0), requires_grad=True)
    b = torch.tensor(float(b0), requires_grad=True)
    rows = []
    for _ in range(steps):
        loss = (a * x + b - y) ** 2
        a_now, b_now = a.item(), b.item()
        loss.backward()
        rows.append((loss.item(), a_now, b_now, a.grad.item(), b.grad.item()))
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
        if clear_grad:
            a.grad = None
            b.grad = None
    return rows


def himmelblau(u, v):
    """Himmelblau's function (u² + v − 11)² + (u + v² − 7)²: four minima, all of value 0."""
    return (u**2 + v - 11) ** 2 + (u + v**2 - 7) ** 2


def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    """Exercise 3: gradient descent on Himmelblau's function from (u0, v0).

    Every step records its loss and (u, v) at the forward pass. With ``loss_tol``, the
    run stops before the update of the first step whose loss differs from the previous
    step's by less than ``loss_tol``. Returns ``(u, v, loss_history, trajectory)`` with
    ``u``, ``v`` the floats after the last update performed.
    """
    u = torch.tensor(float(u0), requires_grad=True)
    v = torch.tensor(float(v0), requires_grad=True)
    loss_history, trajectory = [], []
    for _ in range(num_steps):
        loss = himmelblau(u, v)
        loss_history.append(loss.item())
        trajectory.append((u.item(), v.item()))
        if loss_tol is not None and len(loss_history) > 1 and abs(loss_history[-1] - loss_history[-2]) < loss_tol:
            break
        loss.backward()
        with torch.no_grad():
            u -= learning_rate * u.grad
            v -= learning_rate * v.grad
        u.grad = None
        v.grad = None
    return u.item(), v.item(), loss_history, trajectory
