"""Figures for the HTML pages, as base64 PNG data (pages stay single self-contained files)."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from reference.plotting import plot_himmelblau_trajectories, plot_loss_curves  # noqa: E402


def to_data_uri(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _finite(values):
    array = np.asarray(values, dtype=float)
    return array if np.isfinite(array).any() else None


def details_figure(details: dict) -> str | None:
    """A picture for a check's ``details`` (student vs reference), or None."""
    kind = details.get("kind")
    if kind == "loss_curves" and _finite(details.get("reference", [])) is not None:
        figure, axis = plt.subplots(figsize=(6, 3.2))
        plot_loss_curves({"your losses": details["student"], "expected": details["reference"]}, ax=axis)
        axis.set_title("loss per epoch")
        return to_data_uri(figure)
    if kind == "himmelblau":
        figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
        plot_himmelblau_trajectories({"your path": details["student"], "expected": details["reference"]}, ax=left)
        plot_loss_curves({"your losses": details["student_losses"], "expected": details["reference_losses"]},
                         ax=right)
        left.set_title("trajectory on Himmelblau's function")
        return to_data_uri(figure)
    return None


def histogram(scores: list[float], max_score: float) -> str:
    figure, axis = plt.subplots(figsize=(6, 3))
    bins = np.linspace(0, max(max_score, 1), min(int(max_score) + 2, 26))
    axis.hist(scores, bins=bins, color="#4477aa", edgecolor="white")
    axis.set_xlabel("score")
    axis.set_ylabel("students")
    axis.set_title("score distribution")
    return to_data_uri(figure)
