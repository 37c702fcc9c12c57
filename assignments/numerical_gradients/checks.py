"""Checks for numerical_gradients (central differences against autograd; the float/double bug).

Central differences in float64 carry errors near 1e-10, far inside float64's tolerance
of the reference computed the same way, so most checks use float64. The one float32
check scales the tolerance for finite-difference round-off, about eps32·|f| / h.
"""

import numpy as np
import torch

from autograder.api import (call, expect_error_size, expect_inputs_unchanged, expect_reference_match, graded,
                            GradingFailure, NamedCallable)
from autograder.api import catalogue as mc
from reference.numerical_gradients import make_line_data

PARAM_NAMES = ("func", "params", "param_idx")
# w values that pass through float32 before meeting float64 data (``torch.tensor([[w]]).to(X)``) are off by
# ~1e-7 relative: a harmless precision loss, so the float64 loss_along_w check allows for it.
FLOAT32_ROUND_TRIP_SCALE = 10.0
FLOAT32_DIFFERENCE_SCALE = 100.0  # round-off of (f(p+h) - f(p-h)) / 2h in float32 with h = 1e-2


def lesson_problem(device, dtype=torch.float64, w_requires_grad=False):
    x, y = make_line_data(20, dtype=dtype)
    x, y = x.to(device), y.to(device)
    w = torch.tensor([[0.5]], dtype=dtype, device=device).requires_grad_(w_requires_grad)
    b = torch.tensor([0.0], dtype=dtype, device=device)
    return NamedCallable("linear_mse", (x, y)), (w, b)


def each_param(student, reference, function, func, params):
    for index in range(len(params)):
        got, _ = expect_reference_match(student, reference, function, args=(func, params, index))
        expect_inputs_unchanged(function, got, (func, params, index), PARAM_NAMES)


# -- numerical_gradient --------------------------------------------------------------------

@graded("numerical_gradient", 1, public=True)
def test_numerical_gradient_on_the_lesson_loss(student, reference, device):
    func, params = lesson_problem(device)
    each_param(student, reference, "numerical_gradient", func, params)
    cube = torch.tensor(2.0, dtype=torch.float64, device=device)
    expect_reference_match(student, reference, "numerical_gradient", args=(NamedCallable("cube"), (cube,), 0))


@graded("numerical_gradient", 1)
def test_numerical_gradient_of_a_matrix_and_a_vector(student, reference, inputs):
    func = NamedCallable("bilinear", (inputs.randn(2, 3, dtype=torch.float64),))
    params = (inputs.randn(3, 2, dtype=torch.float64), inputs.randn(2, dtype=torch.float64))
    each_param(student, reference, "numerical_gradient", func, params)


@graded("numerical_gradient", 1)
def test_numerical_gradient_of_0d_and_3d_tensors(student, reference, inputs):
    expect_reference_match(student, reference, "numerical_gradient",
                           args=(NamedCallable("sum_exp", (0.7,)), (inputs.randn(2, 2, 2, dtype=torch.float64),), 0))
    expect_reference_match(student, reference, "numerical_gradient",
                           args=(NamedCallable("cube"), (inputs.randn((), dtype=torch.float64),), 0))
    # A custom backward() adds a slope that finite differences do not see: a "numerical"
    # gradient taken by autograd shows it.
    expect_reference_match(student, reference, "numerical_gradient",
                           args=(NamedCallable("marked_sum_exp", (0.7,)),
                                 (inputs.randn(2, 3, dtype=torch.float64),), 0))


@graded("numerical_gradient", 1)
def test_numerical_gradient_is_central_for_any_h_and_dtype(student, reference, inputs):
    curved = NamedCallable("sum_exp", (3.0,))
    expect_reference_match(student, reference, "numerical_gradient",
                           args=(curved, (inputs.uniform(-1, 1, 4, dtype=torch.float64),), 0), kwargs={"h": 1e-3})
    data = inputs.linear_data(15, 1)
    func = NamedCallable("linear_mse", (data[0], data[1].unsqueeze(1)))
    params = (inputs.randn(1, 1), inputs.randn(1))
    expect_reference_match(student, reference, "numerical_gradient", args=(func, params, 0), kwargs={"h": 1e-2},
                           tolerance_scale=FLOAT32_DIFFERENCE_SCALE)


# -- autograd_gradient ---------------------------------------------------------------------

@graded("autograd_gradient", 1, public=True)
def test_autograd_gradient_on_the_lesson_loss(student, reference, device):
    func, params = lesson_problem(device, w_requires_grad=True)
    each_param(student, reference, "autograd_gradient", func, params)


@graded("autograd_gradient", 1)
def test_autograd_gradient_of_several_params(student, reference, inputs):
    func = NamedCallable("bilinear", (inputs.randn(2, 3, dtype=torch.float64),))
    each_param(student, reference, "autograd_gradient", func,
               (inputs.randn(3, 2, dtype=torch.float64), inputs.randn(2, dtype=torch.float64)))
    x, y = inputs.linear_data(10, 1)
    func = NamedCallable("quadratic_mse", (x, y.unsqueeze(1)))
    each_param(student, reference, "autograd_gradient", func, (inputs.randn(1), inputs.randn(1), inputs.randn(1)))
    # Only autograd follows a custom backward(): finite differences miss its extra slope.
    expect_reference_match(student, reference, "autograd_gradient",
                           args=(NamedCallable("marked_sum_exp", (0.7,)),
                                 (inputs.randn(2, 3, dtype=torch.float64),), 0))


@graded("autograd_gradient", 1)
def test_autograd_gradient_leaves_callers_tensors_as_they_were(student, reference, inputs):
    func = NamedCallable("bilinear", (inputs.randn(2, 3, dtype=torch.float64),))
    params = (inputs.randn(3, 2, dtype=torch.float64, requires_grad=True), inputs.randn(2, dtype=torch.float64))
    for index in range(2):
        got, _ = expect_reference_match(student, reference, "autograd_gradient", args=(func, params, index))
        expect_inputs_unchanged("autograd_gradient", got, (func, params, index), PARAM_NAMES)
        if got.value.requires_grad:
            raise GradingFailure(f"`autograd_gradient` returned a gradient that requires grad\n→ {mc.NOT_DETACHED.message}",
                                 misconception=mc.NOT_DETACHED)


# -- max_gradient_error ----------------------------------------------------------------------

@graded("max_gradient_error", 1, public=True)
def test_max_gradient_error_is_tiny_for_the_lesson_loss(student, reference, device):
    func, params = lesson_problem(device)
    expect_error_size(student, "max_gradient_error", args=(func, params), below=1e-6, context="the lesson's loss")
    # A strongly curved function and a coarse h, where the error is far from zero: an answer
    # that ignores its inputs (0.0, say) cannot pass both.
    params = (torch.tensor([0.3, -0.2, 0.6], dtype=torch.float64, device=device),)
    expect_reference_match(student, reference, "max_gradient_error", args=(NamedCallable("sum_exp", (3.0,)), params),
                           kwargs={"h": 1e-2})


@graded("max_gradient_error", 1)
def test_max_gradient_error_measures_the_truncation_error(student, reference, inputs):
    expect_reference_match(student, reference, "max_gradient_error",
                           args=(NamedCallable("sum_exp", (3.0,)), (inputs.uniform(-1, 1, 5, dtype=torch.float64),)),
                           kwargs={"h": 1e-2})


@graded("max_gradient_error", 1)
def test_max_gradient_error_takes_the_largest_absolute_difference_over_all_params(student, reference, inputs):
    func = NamedCallable("sum_exp", (-2.0,))
    expect_reference_match(student, reference, "max_gradient_error",
                           args=(func, (inputs.uniform(-1, 1, 3, 2, dtype=torch.float64),)), kwargs={"h": 1e-2})
    # Several parameters whose errors differ by orders of magnitude, the largest neither first nor last and
    # in a one-element tensor: the maximum over every parameter, not the last one's. (No parameter without
    # elements: the contract names none, and a maximum over no elements is not defined.)
    func = NamedCallable("exp_sums", (1.0, 4.0, 0.5))
    params = (inputs.uniform(-1, 1, 3, dtype=torch.float64), inputs.uniform(0.5, 1, 1, dtype=torch.float64),
              inputs.uniform(-1, 1, 2, dtype=torch.float64))
    expect_reference_match(student, reference, "max_gradient_error", args=(func, params), kwargs={"h": 1e-2})
    func = NamedCallable("bilinear", (inputs.randn(2, 3, dtype=torch.float64),))
    params = (inputs.randn(3, 2, dtype=torch.float64), inputs.randn(2, dtype=torch.float64))
    got = call(student, "max_gradient_error", args=(func, params), kwargs={"h": 1e-3})
    if not isinstance(got.value, float) or not 0.0 <= got.value < 1e-6:
        raise GradingFailure(f"`max_gradient_error` returned {got.value!r} for a function whose central "
                             "differences are exact up to round-off: expected a float below 1e-6")


# -- loss_along_w -----------------------------------------------------------------------------

@graded("loss_along_w", 1, public=True)
def test_loss_along_w_with_numpy_values_on_float32_data(student, reference, device):
    x, y = make_line_data(20)
    expect_reference_match(student, reference, "loss_along_w",
                           args=(x.to(device), y.to(device), np.linspace(-4, 4, 9), 3.0))
    # Public checks also try inputs of their own: an answer that ignores its inputs never passes.
    expect_reference_match(student, reference, "loss_along_w",
                           args=(x.to(device), y.to(device), [-1.0, 0.5, 2.0], -0.5))


@graded("loss_along_w", 1)
def test_loss_along_w_on_float64_data(student, reference, inputs):
    x, y = inputs.linear_data(25, 1, dtype=torch.float64)
    expect_reference_match(student, reference, "loss_along_w",
                           args=(x, y.unsqueeze(1), [inputs.number(-3, 3) for _ in range(6)], inputs.number(-1, 1)),
                           tolerance_scale=FLOAT32_ROUND_TRIP_SCALE)


@graded("loss_along_w", 1)
def test_loss_along_w_mixes_numpy_float64_with_float32_data(student, reference, inputs):
    x, y = inputs.linear_data(30, 1)
    y = y.unsqueeze(1)
    w_values = np.linspace(inputs.number(-5, -1), inputs.number(1, 5), 7)
    got, _ = expect_reference_match(student, reference, "loss_along_w", args=(x, y, w_values, inputs.number(-1, 1)))
    expect_inputs_unchanged("loss_along_w", got, (x, y), ("X", "y"))
