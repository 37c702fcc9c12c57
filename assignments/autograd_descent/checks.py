"""Checks for autograd_descent (PCPT Unit 4: polynomial regression and Exercises 1-3).

The closed form solves the normal equations, whose matrix XᵀX squares the condition
number of the design matrix (about 1e3 for the lesson's data): in float32 equally
correct solvers (inv, solve, lstsq, Cholesky) differ by up to ~1e-4 relative, so the
float32 closed-form checks scale the tolerance by CLOSED_FORM_FLOAT32_SCALE; the float64
check keeps the plain float64 tolerance.
"""

import torch

from autograder.api import (expect_detached, expect_gradient_match, expect_inputs_unchanged, expect_reference_match,
                            graded, GradingFailure, plain_number)
from reference.autograd_descent import generate_training_pairs

ABC_LOSS = ("a", "b", "c", "loss")
HIMMELBLAU_LABELS = ("u", "v", "loss_history", "trajectory")
CLOSED_FORM_FLOAT32_SCALE = 100.0


def lesson_data(device):
    x, y = generate_training_pairs()
    return x.to(device), y.to(device)


def other_public_data(device):
    """Public checks also try data of their own (an answer that ignores its inputs never passes)."""
    x = torch.linspace(-1.0, 2.0, 25)
    y = 1.5 - 0.5 * x + 0.8 * x**2 + 0.2 * torch.sin(7 * x)
    return x.to(device), y.to(device)


def himmelblau_curves(actual, expected):
    try:
        return {"kind": "himmelblau", "student": [[plain_number(c) for c in p] for p in actual[3]],
                "reference": [[plain_number(c) for c in p] for p in expected[3]],
                "student_losses": [plain_number(v) for v in actual[2]],
                "reference_losses": [plain_number(v) for v in expected[2]]}
    except (TypeError, ValueError, IndexError, KeyError):
        return None


# -- linear_layer_gradients ------------------------------------------------------------------

@graded("linear_layer_gradients", 1, public=True)
def test_toy_layer_gradients(student, reference, device):
    x, y = torch.tensor([[2.0, 3.0]], device=device), torch.tensor([[3.0]], device=device)
    w, b = torch.ones(2, 1, device=device), torch.ones(1, 1, device=device)
    got, _ = expect_reference_match(student, reference, "linear_layer_gradients", args=(x, y, w, b),
                                    labels=("grad_w", "grad_b", "loss"))
    expect_inputs_unchanged("linear_layer_gradients", got, (x, y, w, b), ("x", "y", "w", "b"))
    expect_detached("linear_layer_gradients", got.value, ("grad_w", "grad_b", "loss"))
    # Public checks also try inputs of their own: an answer that ignores its inputs never passes.
    expect_reference_match(student, reference, "linear_layer_gradients",
                           args=(torch.tensor([[1.0, -1.0], [0.5, 2.0]], device=device),
                                 torch.tensor([[1.0], [0.0]], device=device),
                                 torch.tensor([[0.5], [-0.5]], device=device), torch.tensor([[0.1]], device=device)),
                           labels=("grad_w", "grad_b", "loss"))


@graded("linear_layer_gradients", 1)
def test_layer_gradients_for_a_batch(student, reference, inputs):
    expect_reference_match(student, reference, "linear_layer_gradients",
                           args=(inputs.randn(5, 3), inputs.randn(5, 2), inputs.randn(3, 2), inputs.randn(1, 2)),
                           labels=("grad_w", "grad_b", "loss"))


@graded("linear_layer_gradients", 1)
def test_layer_gradients_leave_parameters_untouched(student, reference, inputs):
    x, y = inputs.randn(4, 3, dtype=torch.float64), inputs.randn(4, 1, dtype=torch.float64)
    w = inputs.randn(3, 1, dtype=torch.float64, requires_grad=True)
    b = inputs.randn(1, 1, dtype=torch.float64, requires_grad=True)
    expect_reference_match(student, reference, "linear_layer_gradients", args=(x, y, w, b),
                           labels=("grad_w", "grad_b", "loss"), inputs=("x", "y", "w", "b"))


# -- regression_polynomial_second_order ---------------------------------------------------------

@graded("regression_polynomial_second_order", 1, public=True)
def test_closed_form_on_the_lesson_data(student, reference, device):
    expect_reference_match(student, reference, "regression_polynomial_second_order", args=lesson_data(device),
                           labels=ABC_LOSS, tolerance_scale=CLOSED_FORM_FLOAT32_SCALE)
    expect_reference_match(student, reference, "regression_polynomial_second_order", args=other_public_data(device),
                           labels=ABC_LOSS, tolerance_scale=CLOSED_FORM_FLOAT32_SCALE)


@graded("regression_polynomial_second_order", 1)
def test_closed_form_on_hidden_float64_data(student, reference, inputs):
    expect_reference_match(student, reference, "regression_polynomial_second_order",
                           args=inputs.polynomial_data(60, dtype=torch.float64), labels=ABC_LOSS)


@graded("regression_polynomial_second_order", 1)
def test_closed_form_on_hidden_float32_data(student, reference, inputs):
    x, y = inputs.polynomial_data(80)
    got, _ = expect_reference_match(student, reference, "regression_polynomial_second_order", args=(x, y),
                                    labels=ABC_LOSS, tolerance_scale=CLOSED_FORM_FLOAT32_SCALE)
    expect_inputs_unchanged("regression_polynomial_second_order", got, (x, y), ("x", "y"))


# -- polynomial_gradient_descent_manual ------------------------------------------------------------

@graded("polynomial_gradient_descent_manual", 1, public=True)
def test_manual_descent_reproduces_the_lesson(student, reference, device):
    expect_reference_match(student, reference, "polynomial_gradient_descent_manual", args=lesson_data(device),
                           labels=ABC_LOSS, loop_steps=4000)
    expect_reference_match(student, reference, "polynomial_gradient_descent_manual", args=other_public_data(device),
                           kwargs={"learning_rate": 0.05, "num_iterations": 20}, labels=ABC_LOSS, loop_steps=20)


@graded("polynomial_gradient_descent_manual", 1)
def test_manual_descent_on_hidden_data(student, reference, inputs):
    expect_reference_match(student, reference, "polynomial_gradient_descent_manual", args=inputs.polynomial_data(50),
                           kwargs={"learning_rate": 0.05, "num_iterations": 200}, labels=ABC_LOSS, loop_steps=200)


@graded("polynomial_gradient_descent_manual", 1)
def test_manual_descent_reports_the_last_forward_loss(student, reference, inputs):
    x, y = inputs.polynomial_data(30)
    got, _ = expect_reference_match(student, reference, "polynomial_gradient_descent_manual", args=(x, y),
                                    kwargs={"learning_rate": 0.1, "num_iterations": 5}, labels=ABC_LOSS, loop_steps=5)
    expect_inputs_unchanged("polynomial_gradient_descent_manual", got, (x, y), ("x", "y"))


# -- regression_polynomial_second_order_via_gradient (Exercise 1) ------------------------------------

@graded("regression_polynomial_second_order_via_gradient", 1, public=True)
def test_exercise_1_reproduces_the_lesson(student, reference, device):
    x, y = lesson_data(device)
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient", args=(x, y),
                           kwargs={"learning_rate": 1e-2, "num_iterations": 4000}, labels=ABC_LOSS, loop_steps=4000)
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient", args=(x, y),
                           kwargs={"learning_rate": 1.0, "num_iterations": 100}, labels=ABC_LOSS, loop_steps=100)


@graded("regression_polynomial_second_order_via_gradient", 1)
def test_exercise_1_on_hidden_data(student, reference, inputs):
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient",
                           args=inputs.polynomial_data(50), kwargs={"learning_rate": 0.05, "num_iterations": 200},
                           labels=ABC_LOSS, loop_steps=200)


@graded("regression_polynomial_second_order_via_gradient", 1)
def test_exercise_1_clears_gradients_every_iteration(student, reference, inputs):
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient",
                           args=inputs.polynomial_data(30), kwargs={"learning_rate": 0.1, "num_iterations": 6},
                           labels=ABC_LOSS, loop_steps=6)


@graded("regression_polynomial_second_order_via_gradient", 1)
def test_exercise_1_diverges_to_nan_or_inf_with_a_large_rate(student, reference, inputs):
    x, y = inputs.polynomial_data(40)
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient", args=(x, y),
                           kwargs={"learning_rate": 2.0, "num_iterations": 150}, labels=ABC_LOSS, loop_steps=150,
                           nonfinite_equivalent=True)
    # The same data at a small rate stays finite: NaNs returned whatever the inputs do not pass.
    expect_reference_match(student, reference, "regression_polynomial_second_order_via_gradient", args=(x, y),
                           kwargs={"learning_rate": 0.05, "num_iterations": 30}, labels=ABC_LOSS, loop_steps=30)


# -- gradient_accumulation_demo (Exercise 2) ---------------------------------------------------------

@graded("gradient_accumulation_demo", 1, public=True)
def test_exercise_2_reproduces_both_tables(student, reference):
    for clear_grad in (False, True):
        expect_reference_match(student, reference, "gradient_accumulation_demo", kwargs={"clear_grad": clear_grad},
                               loop_steps=10)


OTHER_PROBLEM_STEPS = 6


def _other_problem(inputs):
    """Keyword arguments of a problem other than the lesson's, ``steps`` included."""
    return dict(steps=OTHER_PROBLEM_STEPS, learning_rate=inputs.number(0.02, 0.1), x=inputs.number(-2, 2),
                y=inputs.number(-2, 2), a0=inputs.number(-1, 1), b0=inputs.number(-1, 1))


@graded("gradient_accumulation_demo", 1)
def test_exercise_2_accumulates_without_clearing(student, reference, inputs):
    expect_reference_match(student, reference, "gradient_accumulation_demo",
                           kwargs={"clear_grad": False, **_other_problem(inputs)}, loop_steps=OTHER_PROBLEM_STEPS)


@graded("gradient_accumulation_demo", 1)
def test_exercise_2_clears_when_asked(student, reference, inputs):
    expect_reference_match(student, reference, "gradient_accumulation_demo",
                           kwargs={"clear_grad": True, **_other_problem(inputs)}, loop_steps=OTHER_PROBLEM_STEPS)


# -- himmelblau and Exercise 3 --------------------------------------------------------------------

@graded("himmelblau", 1, public=True)
def test_himmelblau_at_a_minimum_and_at_the_origin(student, reference, device):
    for u, v in ((3.0, 2.0), (0.0, 0.0)):
        expect_reference_match(student, reference, "himmelblau", args=(u, v))
    expect_reference_match(student, reference, "himmelblau",
                           args=(torch.tensor([3.0, 0.0], device=device), torch.tensor([2.0, 0.0], device=device)))


@graded("himmelblau", 1)
def test_himmelblau_on_hidden_tensors(student, reference, inputs):
    expect_reference_match(student, reference, "himmelblau",
                           args=(inputs.uniform(-5, 5, 6), inputs.uniform(-5, 5, 6)))


# optimize_himmelblau descends along himmelblau's gradient: right values with a term detached do not get there.
@graded("himmelblau", 1, public=True)
def test_himmelblau_gradient_at_the_origin_and_a_start(student, reference, device):
    expect_gradient_match(student, reference, "himmelblau",
                          args=(torch.tensor([0.0, 1.0, -1.0], device=device),
                                torch.tensor([0.0, 1.0, 1.0], device=device)), wrt=("u", "v"))


@graded("himmelblau", 1)
def test_himmelblau_gradient_on_hidden_tensors(student, reference, inputs):
    expect_gradient_match(student, reference, "himmelblau",
                          args=(inputs.uniform(-5, 5, 6), inputs.uniform(-5, 5, 6)), wrt=("u", "v"))


@graded("optimize_himmelblau", 1, public=True)
def test_exercise_3_reproduces_the_lesson_runs(student, reference):
    expect_reference_match(student, reference, "optimize_himmelblau", args=(1.0, 1.0), labels=HIMMELBLAU_LABELS,
                           loop_steps=300, details=himmelblau_curves)
    expect_reference_match(student, reference, "optimize_himmelblau", args=(-1.0, 1.0), kwargs={"loss_tol": 1e-4},
                           labels=HIMMELBLAU_LABELS, loop_steps=300, details=himmelblau_curves)


@graded("optimize_himmelblau", 1)
def test_exercise_3_from_a_hidden_start(student, reference, inputs):
    expect_reference_match(student, reference, "optimize_himmelblau",
                           args=(inputs.number(-4, 4), inputs.number(-4, 4)),
                           kwargs={"learning_rate": 1e-3, "num_steps": 120}, labels=HIMMELBLAU_LABELS, loop_steps=120)
    # Three large steps, far from converged: (u, v) after the last update is far from the last recorded point.
    expect_reference_match(student, reference, "optimize_himmelblau",
                           args=(inputs.number(-4, 4), inputs.number(-4, 4)),
                           kwargs={"learning_rate": 2e-3, "num_steps": 3}, labels=HIMMELBLAU_LABELS, loop_steps=3)


@graded("optimize_himmelblau", 1)
def test_exercise_3_stops_before_the_update_of_the_converged_step(student, reference, inputs):
    # A tolerance of 0.1 stops while the steps are still large, so one update too many
    # moves (u, v) far beyond the loop tolerance.
    got, expected = expect_reference_match(student, reference, "optimize_himmelblau",
                                           args=(inputs.number(-4, 4), inputs.number(-4, 4)),
                                           kwargs={"learning_rate": 2e-3, "num_steps": 400, "loss_tol": 0.1},
                                           labels=HIMMELBLAU_LABELS, loop_steps=400)
    if len(expected[2]) >= 400:
        raise GradingFailure("internal: the early-stopping check did not stop early")


@graded("optimize_himmelblau", 0.5)
def test_exercise_3_tolerance_edges_at_a_minimum(student, reference):
    # Edge cases, with their own small points so that they never cost the stopping check's: at a minimum
    # every loss is 0, so a tolerance of 0 never stops (a change of 0 is not below it), and any positive
    # tolerance stops at the second step, the first whose loss has a predecessor.
    for loss_tol in (0.0, 1.0):
        expect_reference_match(student, reference, "optimize_himmelblau", args=(3.0, 2.0),
                               kwargs={"num_steps": 5, "loss_tol": loss_tol}, labels=HIMMELBLAU_LABELS, loop_steps=5)


@graded("optimize_himmelblau", 1)
def test_exercise_3_with_a_coarse_tolerance(student, reference, inputs):
    expect_reference_match(student, reference, "optimize_himmelblau",
                           args=(inputs.number(-4, 4), inputs.number(-4, 4)),
                           kwargs={"learning_rate": 1e-3, "num_steps": 300, "loss_tol": 0.05},
                           labels=HIMMELBLAU_LABELS, loop_steps=300)
