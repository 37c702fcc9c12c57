"""Matplotlib helpers shared by the lessons' figures and the grader's feedback pages."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def plot_training_pairs(x, y, coefficients=None, closed_form=None, ax=None):
    """Scatter the pairs and draw the polynomials a + b x + c x² given as (a, b, c)."""
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    xs = np.asarray(x, dtype=float)
    ax.scatter(xs, np.asarray(y, dtype=float), s=12, color="0.5", label="training pairs")
    grid = np.linspace(xs.min(), xs.max(), 200)
    for coef, label, style in ((coefficients, "gradient descent", "-"), (closed_form, "closed form", "--")):
        if coef is not None:
            a, b, c = (float(v) for v in coef)
            ax.plot(grid, a + b * grid + c * grid**2, style, label=label)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    return ax


def plot_loss_curves(curves: dict, ax=None, log=True):
    """One line per ``{label: losses}``; a log scale shows slow convergence best."""
    ax = ax or plt.subplots(figsize=(6, 3.5))[1]
    for label, losses in curves.items():
        values = np.asarray(losses, dtype=float)
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.legend()
    return ax


def himmelblau_grid(lo=-5.0, hi=5.0, n=201):
    grid = np.linspace(lo, hi, n)
    u, v = np.meshgrid(grid, grid)
    return grid, (u**2 + v - 11) ** 2 + (u + v**2 - 7) ** 2


def plot_himmelblau_trajectories(trajectories: dict, ax=None):
    """Heat map of Himmelblau's function (log scale) with each ``{label: [(u, v), ...]}`` path."""
    ax = ax or plt.subplots(figsize=(5, 5))[1]
    grid, values = himmelblau_grid()
    ax.imshow(np.log1p(values), extent=(grid[0], grid[-1], grid[0], grid[-1]), origin="lower", cmap="viridis")
    for label, path in trajectories.items():
        points = np.asarray(path, dtype=float).reshape(-1, 2)
        if len(points) == 0:
            continue
        ax.plot(points[:, 0], points[:, 1], "-", lw=1.5, label=label)
        ax.plot(*points[0], "wo")
        ax.plot(*points[-1], "rx", markersize=9)
    ax.set_xlabel("u")
    ax.set_ylabel("v")
    if trajectories:
        ax.legend(loc="lower left", fontsize=8)
    return ax
