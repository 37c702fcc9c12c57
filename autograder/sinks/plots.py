"""Figures for the HTML pages, as base64 PNG data (pages stay single self-contained files).

A check's ``details`` record names its ``kind``. The engine draws the generic kinds
(``loss_curves``: one line per series; ``sweep``: final values per setting); an
assignment's ``plots.py`` adds its own, ``RENDERERS = {kind: function(details) -> Figure}``,
and may style them with ``yours_over_expected``.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..course import Course  # noqa: E402
from ..results import sample_indices  # noqa: E402


def to_data_uri(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _finite(values):
    array = np.asarray(values, dtype=float)
    return array if np.isfinite(array).any() else None


YOURS = "#cc3311"
EXPECTED = "#555555"


def yours_over_expected(axis, legend_loc="best") -> None:
    """The expected line wide and pale underneath, the student's narrow and strong on top.

    Lines are drawn expected first, yours second; a correct result then shows as a dark line
    inside a grey band rather than disappearing under the expected one.
    """
    lines = [line for line in axis.get_lines() if not line.get_label().startswith("_")]
    for line in lines:
        if line.get_label().startswith("expected"):
            line.set(color=EXPECTED, linewidth=6, alpha=0.35, zorder=2, solid_capstyle="round")
        else:
            line.set(color=YOURS, linewidth=1.6, zorder=3)
    axis.legend(handles=lines, loc=legend_loc, fontsize=9)


def steps_of(details: dict, key: str) -> np.ndarray:
    """The steps (1, 2, ...) at which ``details[key]`` was recorded, also when the series was sampled to fit."""
    kept = len(details.get(key) or [])
    length = (details.get("sampled") or {}).get(key)
    if isinstance(length, int) and length > kept:
        return sample_indices(length, kept) + 1
    return np.arange(1, kept + 1)


def plot_curves(curves: dict, ax, log: bool = True, steps: dict | None = None):
    """One line per ``{label: values}`` over steps 1, 2, ... (or ``steps[label]``); a log scale shows slow convergence best."""
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        x = (steps or {}).get(label)
        ax.plot(np.arange(1, len(values) + 1) if x is None else x, values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    return ax


def details_figures(details: dict, course: Course, assignment: str | None = None) -> list[str]:
    """Pictures for a check's ``details`` (student vs reference) of ``course``'s ``assignment``."""
    if details.get("kind") == "several":
        return [p for item in details["items"] for p in details_figures(item, course, assignment)]
    picture = details_figure(details, course, assignment)
    return [picture] if picture else []


def _course_renderer(course: Course, assignment: str | None, kind):
    """The renderer of ``kind``: the assignment's own, else another of the course's (kinds are course-wide)."""
    names = [assignment] if assignment in course.assignments else []
    for name in names + [n for n in course.assignments if n != assignment]:
        module = course.assignment(name).content_module("plots")
        renderer = getattr(module, "RENDERERS", {}).get(kind) if module else None
        if renderer is not None:
            return renderer
    return None


def details_figure(details: dict, course: Course, assignment: str | None = None) -> str | None:
    """A picture for one ``details`` record, or None."""
    kind = details.get("kind")
    renderer = _course_renderer(course, assignment, kind)
    if renderer is not None:
        figure = renderer(details)
        return to_data_uri(figure) if figure is not None else None
    if kind == "loss_curves" and _finite(details.get("reference", [])) is not None:
        figure, axis = plt.subplots(figsize=(6, 3.2))
        plot_curves({"expected": details["reference"], "your losses": details["student"]}, ax=axis,
                    steps={"expected": steps_of(details, "reference"), "your losses": steps_of(details, "student")})
        yours_over_expected(axis)
        axis.set_title("loss per epoch")
        return to_data_uri(figure)
    if kind == "sweep":
        rates = [str(rate) for rate, _ in details["reference"]]
        def bars(pairs):
            return [float(v) if np.isfinite(float(v)) else np.nan for _, v in pairs]
        figure, axis = plt.subplots(figsize=(6, 3.2))
        positions = np.arange(len(rates))
        for offset, pairs, label, color in ((-0.2, details["student"], "your final loss", YOURS),
                                            (0.2, details["reference"], "expected", EXPECTED)):
            axis.bar(positions + offset, bars(pairs), 0.4, label=label, color=color)
            for i, (_, value) in enumerate(pairs):
                if not np.isfinite(float(value)):  # no bar: say why, upright along the empty slot
                    axis.annotate("diverges", (i + offset, 0.04), xycoords=("data", "axes fraction"), ha="center",
                                  va="bottom", rotation=90, fontsize=10, fontweight="bold", color=color)
        axis.set_xticks(positions, rates)
        axis.set_xlim(-0.6, len(rates) - 0.4)   # bars of diverged runs are empty: keep their slots in view
        axis.set_yscale("log")
        axis.set_xlabel("learning rate")
        axis.set_ylabel("final loss")
        axis.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # beside, never over, a bar
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
