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


def details_figures(details: dict) -> list[str]:
    """Pictures for a check's ``details`` (student vs reference)."""
    if details.get("kind") == "several":
        return [p for item in details["items"] for p in details_figures(item)]
    picture = details_figure(details)
    return [picture] if picture else []


def details_figure(details: dict) -> str | None:
    """A picture for one ``details`` record, or None."""
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
    if kind == "sweep":
        rates = [str(rate) for rate, _ in details["reference"]]
        def bars(pairs):
            return [float(v) if np.isfinite(float(v)) else np.nan for _, v in pairs]
        figure, axis = plt.subplots(figsize=(6, 3))
        positions = np.arange(len(rates))
        axis.bar(positions - 0.2, bars(details["student"]), 0.4, label="your final loss")
        axis.bar(positions + 0.2, bars(details["reference"]), 0.4, label="expected")
        for i, (_, value) in enumerate(details["reference"]):
            if not np.isfinite(float(value)):
                axis.annotate("diverges", (i, 0.03), xycoords=("data", "axes fraction"), ha="center", fontsize=8)
        axis.set_xticks(positions, rates)
        axis.set_yscale("log")
        axis.set_xlabel("learning rate")
        axis.set_ylabel("final loss")
        axis.legend(fontsize=8)
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
