"""Checks for linear_regression (the "Simplest Case: Linear Regression" lesson and its learners' bugs)."""

import pytest
import torch

from autograder.api import (curve_details, expect_detached, expect_gradient_match, expect_inputs_unchanged,
                            expect_reference_match, graded, how, per_setting_details)
from reference.linear_regression import make_linear_data

TRAIN_LABELS = ("w", "b", "losses")


def lesson_data(device):
    x, y = make_linear_data()
    return x.to(device), y.to(device), torch.zeros(1, device=device), torch.zeros(1, device=device)


# -- mse_loss ----------------------------------------------------------------------------

@graded("mse_loss", 1, public=True)
def test_mse_loss_of_the_lesson_example(student, reference, device):
    expect_reference_match(student, reference, "mse_loss",
                           args=(torch.tensor([1.0, 2.0, 3.0], device=device),
                                 torch.tensor([1.0, 2.0, 5.0], device=device)))
    # Public checks also try inputs of their own: an answer that ignores its inputs never passes.
    expect_reference_match(student, reference, "mse_loss",
                           args=(torch.tensor([0.5, -1.0, 2.0, 4.0], device=device),
                                 torch.tensor([1.0, 1.0, 1.0, 1.0], device=device)))


@graded("mse_loss", 1)
def test_mse_loss_on_hidden_predictions(student, reference, inputs):
    for n in (7, 64):
        expect_reference_match(student, reference, "mse_loss", args=(inputs.randn(n, scale=2.0), inputs.randn(n)))


@graded("mse_loss", 1)
def test_mse_loss_keeps_float64_and_leaves_inputs_alone(student, reference, inputs):
    y_pred, y = inputs.randn(20, dtype=torch.float64), inputs.randn(20, dtype=torch.float64)
    got, _ = expect_reference_match(student, reference, "mse_loss", args=(y_pred, y))
    expect_inputs_unchanged("mse_loss", got, (y_pred, y), ("y_pred", "y"))


# A loss is backpropagated: right values through `.item()` or NumPy train nothing.
@graded("mse_loss", 1, public=True)
def test_mse_loss_gradient_of_the_lesson_example(student, reference, device):
    expect_gradient_match(student, reference, "mse_loss", args=(torch.tensor([1.0, 2.0, 3.0], device=device),
                                                               torch.tensor([1.0, 2.0, 5.0], device=device)),
                          wrt=("y_pred", "y"))
    expect_gradient_match(student, reference, "mse_loss", args=(torch.tensor([0.5, -1.0, 2.0, 4.0], device=device),
                                                               torch.tensor([1.0, 1.0, 1.0, 1.0], device=device)),
                          wrt=("y_pred",))


@graded("mse_loss", 1)
def test_mse_loss_gradient_on_hidden_predictions(student, reference, inputs):
    expect_gradient_match(student, reference, "mse_loss", args=(inputs.randn(9, scale=2.0), inputs.randn(9)),
                          wrt=("y_pred", "y"))
    expect_gradient_match(student, reference, "mse_loss",
                          args=(inputs.randn(12, dtype=torch.float64), inputs.randn(12, dtype=torch.float64)),
                          wrt=("y_pred",))


# -- linear_regression_gradients -----------------------------------------------------------

@graded("linear_regression_gradients", 1, public=True)
def test_gradients_of_the_lesson_example(student, reference, device):
    x = torch.tensor([[1.0], [2.0], [3.0]], device=device)
    y = torch.tensor([2.0, 4.0, 6.0], device=device)
    expect_reference_match(student, reference, "linear_regression_gradients",
                           args=(x, y, torch.zeros(1, device=device), torch.zeros(1, device=device)),
                           labels=("grad_w", "grad_b"))
    expect_reference_match(student, reference, "linear_regression_gradients",
                           args=(torch.tensor([[1.0], [-1.0], [2.0], [0.5]], device=device),
                                 torch.tensor([1.0, 0.0, 3.0, 1.0], device=device), torch.tensor([0.5], device=device),
                                 torch.tensor([-0.25], device=device)),
                           labels=("grad_w", "grad_b"))


@graded("linear_regression_gradients", 1)
def test_gradients_for_one_feature(student, reference, inputs):
    x, y = inputs.linear_data(30, 1)
    expect_reference_match(student, reference, "linear_regression_gradients",
                           args=(x, y, inputs.randn(1), inputs.randn(1)), labels=("grad_w", "grad_b"))


@graded("linear_regression_gradients", 1)
def test_gradients_for_three_features_in_float64(student, reference, inputs):
    x, y = inputs.linear_data(25, 3, dtype=torch.float64)
    expect_reference_match(student, reference, "linear_regression_gradients",
                           args=(x, y, inputs.randn(3, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)),
                           labels=("grad_w", "grad_b"))
    # Fewer samples than features: N is x.shape[0], not the larger dimension.
    x, y = inputs.linear_data(2, 3, dtype=torch.float64)
    expect_reference_match(student, reference, "linear_regression_gradients",
                           args=(x, y, inputs.randn(3, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)),
                           labels=("grad_w", "grad_b"))


@graded("linear_regression_gradients", 1)
def test_gradients_come_from_the_formula_not_autograd(student, reference, inputs):
    x, y = inputs.linear_data(16, 2)
    w, b = inputs.randn(2), inputs.randn(1)
    got, _ = expect_reference_match(student, reference, "linear_regression_gradients", args=(x, y, w, b),
                                    labels=("grad_w", "grad_b"), require_api=[how.no_autograd()])
    expect_inputs_unchanged("linear_regression_gradients", got, (x, y, w, b), ("x", "y", "w", "b"))


# -- the two training loops: same results, by hand-derived gradients or by autograd + SGD ------

TRAINERS = ("train_linear_regression", "train_linear_regression_autograd")


def _each_trainer(points, public=False):
    return pytest.mark.parametrize("function", [pytest.param(f, id=f, marks=graded(f, points, public=public))
                                                for f in TRAINERS])


@_each_trainer(1, public=True)
def test_training_on_the_lesson_data(student, reference, device, function):
    expect_reference_match(student, reference, function, args=lesson_data(device),
                           kwargs={"learning_rate": 0.1, "num_epochs": 50}, labels=TRAIN_LABELS, loop_steps=50,
                           details=curve_details(2))
    x, y, _, _ = lesson_data(device)
    expect_reference_match(student, reference, function,
                           args=(x, y, torch.tensor([0.5], device=device), torch.tensor([-0.5], device=device)),
                           kwargs={"learning_rate": 0.05, "num_epochs": 10}, labels=TRAIN_LABELS, loop_steps=10)


@_each_trainer(1)
def test_training_on_hidden_data(student, reference, inputs, function):
    x, y = inputs.linear_data(40, 2)
    expect_reference_match(student, reference, function, args=(x, y, inputs.randn(2), inputs.randn(1)),
                           kwargs={"learning_rate": 0.05, "num_epochs": 30}, labels=TRAIN_LABELS, loop_steps=30)


@_each_trainer(1)
def test_training_records_the_loss_of_each_epoch_before_its_update(student, reference, inputs, function):
    # Four epochs at a large rate: a loss taken after the update, an update with
    # accumulated gradients or no update at all all differ by far more than rounding.
    x, y = inputs.linear_data(12, 1)
    expect_reference_match(student, reference, function, args=(x, y, inputs.randn(1), inputs.randn(1)),
                           kwargs={"learning_rate": 0.3, "num_epochs": 4}, labels=TRAIN_LABELS, loop_steps=4)


@graded("train_linear_regression", 1)
def test_training_leaves_inputs_alone_and_returns_detached_tensors(student, reference, inputs):
    x, y = inputs.linear_data(20, 3)
    w0, b0 = inputs.randn(3), inputs.randn(1)
    got, _ = expect_reference_match(student, reference, "train_linear_regression", args=(x, y, w0, b0),
                                    kwargs={"learning_rate": 0.1, "num_epochs": 10}, labels=TRAIN_LABELS, loop_steps=10)
    expect_inputs_unchanged("train_linear_regression", got, (x, y, w0, b0), ("x", "y", "w0", "b0"))
    expect_detached("train_linear_regression", got.value, TRAIN_LABELS)


# -- train_linear_regression_autograd ----------------------------------------------------------

@graded("train_linear_regression_autograd", 1)
def test_autograd_training_uses_sgd_and_leaves_inputs_alone(student, reference, inputs):
    x, y = inputs.linear_data(20, 3)
    w0, b0 = inputs.randn(3, requires_grad=True), inputs.randn(1, requires_grad=True)
    got, _ = expect_reference_match(student, reference, "train_linear_regression_autograd", args=(x, y, w0, b0),
                                    kwargs={"learning_rate": 0.1, "num_epochs": 5}, labels=TRAIN_LABELS, loop_steps=5,
                                    require_api=[how.uses_sgd(updated=((0,), (1,)), rate=(4, "learning_rate"))])
    expect_inputs_unchanged("train_linear_regression_autograd", got, (x, y, w0, b0), ("x", "y", "w0", "b0"))
    expect_detached("train_linear_regression_autograd", got.value, TRAIN_LABELS)


# -- learning_rate_sweep ---------------------------------------------------------------------

@graded("learning_rate_sweep", 1, public=True)
def test_sweep_on_the_lesson_data(student, reference, device):
    expect_reference_match(student, reference, "learning_rate_sweep",
                           args=(*lesson_data(device), [0.01, 0.1, 1.0, 10.0]), loop_steps=50,
                           nonfinite_equivalent=True, details=per_setting_details("sweep"))
    x, y, _, _ = lesson_data(device)
    expect_reference_match(student, reference, "learning_rate_sweep",
                           args=(x, y, torch.tensor([0.5], device=device), torch.tensor([-0.5], device=device),
                                 [0.03, 0.3]),
                           kwargs={"num_epochs": 10}, loop_steps=10, nonfinite_equivalent=True)


@graded("learning_rate_sweep", 1)
def test_sweep_on_hidden_data(student, reference, inputs):
    x, y = inputs.linear_data(30, 2)
    expect_reference_match(student, reference, "learning_rate_sweep",
                           args=(x, y, inputs.randn(2), inputs.randn(1), [0.02, 0.3, 0.9]), kwargs={"num_epochs": 20},
                           loop_steps=20, nonfinite_equivalent=True)


@graded("learning_rate_sweep", 1)
def test_sweep_reports_divergence_as_inf_or_nan(student, reference, inputs):
    x, y = inputs.linear_data(30, 1)
    expect_reference_match(student, reference, "learning_rate_sweep",
                           args=(x, y, inputs.randn(1), inputs.randn(1), [0.05, 12.0]), kwargs={"num_epochs": 60},
                           loop_steps=60, nonfinite_equivalent=True)
