"""Functions the checks pass to graded functions that take a callable.

A callable cannot cross the sandbox boundary: a check names one,
``NamedCallable("linear_mse", (X, y))``, and both the grader and the sandbox build it
from this file (the engine's pcpt_portable.testfuncs). Each public function here is one:
called with no arguments it is used as it is (``some_func``); with arguments it is a
factory that returns the function (``linear_mse(X, y)``). Every function takes tensors
and returns a scalar tensor. This file runs inside the sandbox too, so it imports
nothing but torch and the standard library.
"""

import torch


def some_func(x):
    return x * x + 3 * x + 1


def cube(x):
    return x**3


def cubic(x):
    return x**3 - 2 * x


def wave(x):
    return torch.sin(3 * x) + 0.5 * x**2


def softplus(x):
    return torch.log1p(torch.exp(x))


MARK = 0.75  # the slope marked_wave's custom backward adds


class _MarkedSlope(torch.autograd.Function):
    """Zero in the forward pass; its backward adds ``MARK`` to the gradient.

    Only autograd's chain rule follows a custom backward, so a derivative of
    ``marked_wave`` found any other way (by hand, by finite differences) misses the mark.
    Written in the ``setup_context`` style with a generated vmap rule and a ``jvp``, so
    students' ``torch.func`` styles work on it too: ``vmap`` over shifted copies (finite
    differences, no mark), ``grad``/``jacrev`` (reverse mode) and ``jvp``/``jacfwd``
    (forward mode), both of which add the mark like ``backward()`` does.
    """

    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return torch.zeros_like(x)

    @staticmethod
    def setup_context(ctx, inputs, output):
        pass

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * MARK

    @staticmethod
    def jvp(ctx, x_tangent):
        return x_tangent * MARK


def marked_wave(x):
    """wave(x) in value; its autograd derivative is wave'(x) + MARK."""
    return wave(x) + _MarkedSlope.apply(x)


def marked_sum_exp(scale):
    """sum_exp(scale) in value; its autograd gradient is scale·exp(scale·t) + MARK (custom backward)."""

    def loss(t):
        return torch.exp(scale * t).sum() + _MarkedSlope.apply(t).sum()

    return loss


def linear_mse(X, y):
    """f(w, b) = mean((X @ w + b − y)²): the lesson's loss with its data bound."""

    def loss(w, b):
        return ((X @ w + b - y) ** 2).mean()

    return loss


def quadratic_mse(X, y):
    """f(w1, w2, b) = mean((w2·X² + w1·X + b − y)²)."""

    def loss(w1, w2, b):
        return ((w2 * X**2 + w1 * X + b - y) ** 2).mean()

    return loss


def sum_exp(scale):
    """f(t) = Σ exp(scale · t): large curvature, so forward differences show their O(h) error."""

    def loss(t):
        return torch.exp(scale * t).sum()

    return loss


def exp_sums(*scales):
    """f(t_1, ..., t_k) = Σ_i Σ exp(scale_i · t_i): each parameter with its own curvature, so each has its own
    finite-difference error."""

    def loss(*ts):
        return sum(torch.exp(scale * t).sum() for scale, t in zip(scales, ts))

    return loss


def bilinear(A):
    """f(p, q) = Σ rowsum(A @ p) · q + Σ p² for A (m, n), a matrix p (n, k) and a vector q (m,)."""

    def loss(p, q):
        return ((A @ p).sum(dim=-1) * q).sum() + (p**2).sum()

    return loss
