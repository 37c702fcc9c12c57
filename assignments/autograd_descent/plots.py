"""Pictures of autograd_descent's check details for the feedback pages."""

import matplotlib.pyplot as plt
import numpy as np

from autograder.api import plot_curves, steps_of, yours_over_expected


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


def himmelblau_figure(details: dict):
    """The student's and the expected path over Himmelblau's function, and both loss curves."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    plot_himmelblau_trajectories({"expected": details["reference"], "your path": details["student"]}, ax=left)
    yours_over_expected(left, legend_loc="lower left")
    plot_curves({"expected": details["reference_losses"], "your losses": details["student_losses"]}, ax=right,
                steps={"expected": steps_of(details, "reference_losses"),
                       "your losses": steps_of(details, "student_losses")})
    yours_over_expected(right)
    left.set_title("trajectory on Himmelblau's function")
    return figure


RENDERERS = {"himmelblau": himmelblau_figure}
