"""Pictures of backprop's check details for the feedback pages."""

import matplotlib.pyplot as plt
import numpy as np


def _grid(rows):
    values = np.array([[np.nan if isinstance(v, str) else v for v in row] for row in rows], dtype=float)
    return values


def gradient_errors_figure(details: dict):
    """One panel per gradient: your entry minus the expected entry (a bias as a single row), on one colour scale."""
    names = details["names"]
    differences = [_grid(s) - _grid(r) for s, r in zip(details["student"], details["reference"])]
    finite = [np.abs(d[np.isfinite(d)]) for d in differences]
    largest = max((float(f.max()) for f in finite if f.size), default=0.0) or 1.0
    figure, axes = plt.subplots(1, len(names), figsize=(2.6 * len(names), 2.8), squeeze=False)
    for axis, name, difference in zip(axes[0], names, differences):
        image = axis.imshow(difference, cmap="RdBu_r", vmin=-largest, vmax=largest, aspect="auto")
        axis.set_title(f"{name}: yours − expected", fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.colorbar(image, ax=list(axes[0]), shrink=0.8)
    return figure


RENDERERS = {"gradient_errors": gradient_errors_figure}
