"""Pictures of minibatch_sgd's check details for the feedback pages."""

import matplotlib.pyplot as plt
import numpy as np

from autograder.api import EXPECTED, YOURS


def _heights(pairs):
    return [float(v) if np.isfinite(float(v)) else np.nan for _, v in pairs]


def batch_sizes_figure(details: dict):
    """Final loss per batch size, the student's beside the expected; a diverged run is labelled, not drawn."""
    sizes = [str(size) for size, _ in details["reference"]]
    positions = np.arange(len(sizes))
    figure, axis = plt.subplots(figsize=(6, 3.2))
    for offset, pairs, label, color in ((-0.2, details["student"], "your final loss", YOURS),
                                        (0.2, details["reference"], "expected", EXPECTED)):
        axis.bar(positions + offset, _heights(pairs), 0.4, label=label, color=color)
        for i, (_, value) in enumerate(pairs):
            if not np.isfinite(float(value)):
                axis.annotate("diverges", (i + offset, 0.04), xycoords=("data", "axes fraction"), ha="center",
                              va="bottom", rotation=90, fontsize=10, fontweight="bold", color=color)
    axis.set_xticks(positions, sizes)
    axis.set_xlim(-0.6, len(sizes) - 0.4)
    axis.set_yscale("log")
    axis.set_xlabel("batch size")
    axis.set_ylabel("final loss")
    axis.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return figure


RENDERERS = {"batch_sizes": batch_sizes_figure}
