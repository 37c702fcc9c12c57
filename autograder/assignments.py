"""The course's assignments and where their files live (docs/interface.md)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import AutograderError

GRADED_FUNCTIONS = {
    "gradient_basics": ("some_func", "derivative_at", "step_plain_python", "step_autograd",
                        "step_optimizer", "step_mse_loss"),
    "linear_regression": ("mse_loss", "linear_regression_gradients", "train_linear_regression",
                          "train_linear_regression_autograd", "learning_rate_sweep"),
    "numerical_gradients": ("numerical_gradient", "autograd_gradient", "max_gradient_error", "loss_along_w"),
    "autograd_descent": ("linear_layer_gradients", "regression_polynomial_second_order",
                         "polynomial_gradient_descent_manual", "regression_polynomial_second_order_via_gradient",
                         "gradient_accumulation_demo", "himmelblau", "optimize_himmelblau"),
}
ASSIGNMENTS = tuple(GRADED_FUNCTIONS)

# Graded functions that other graded functions naturally call. While a function is
# checked, the reference versions of its dependencies stand in for the student's, so
# a mistake in a dependency costs the dependency's points only. Dependencies come
# before their dependents in GRADED_FUNCTIONS, and their checks run first.
DEPENDENCIES = {
    "linear_regression": {
        "train_linear_regression": ("mse_loss", "linear_regression_gradients"),
        "train_linear_regression_autograd": ("mse_loss",),
        "learning_rate_sweep": ("train_linear_regression",),
    },
    "numerical_gradients": {"max_gradient_error": ("numerical_gradient", "autograd_gradient")},
    "autograd_descent": {"optimize_himmelblau": ("himmelblau",)},
}


def dependencies(assignment: str, function: str) -> tuple[str, ...]:
    return DEPENDENCIES.get(assignment, {}).get(function, ())
COURSE_ID = "pcpt-autograd"   # nbgrader's course_id (nbgrader_config.py says the same)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHECKS_DIR = Path(__file__).resolve().parent / "checks"


class UnknownAssignment(AutograderError, ValueError):
    pass


def validate(assignment: str) -> str:
    if assignment not in GRADED_FUNCTIONS:
        raise UnknownAssignment(f"unknown assignment {assignment!r}; expected one of {', '.join(ASSIGNMENTS)}")
    return assignment


def course_root() -> Path:
    """The nbgrader course directory: $PCPT_COURSE_ROOT, else this repository."""
    return Path(os.environ.get("PCPT_COURSE_ROOT", PROJECT_ROOT))


def release_notebook(assignment: str, root: Path | None = None) -> Path:
    return (root or course_root()) / "release" / assignment / f"{assignment}.ipynb"


def source_notebook(assignment: str, root: Path | None = None) -> Path:
    return (root or course_root()) / "source" / assignment / f"{assignment}.ipynb"


def checks_module(assignment: str) -> Path:
    return CHECKS_DIR / f"{validate(assignment)}.py"
