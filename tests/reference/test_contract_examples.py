"""The reference honours the interface's rules and examples (docs/interface.md) on its own examples and rules."""

import numpy as np
import pytest
import torch

from reference import gradient_basics as gb
from reference import linear_regression as lr
from reference import numerical_gradients as ng


def test_derivative_of_some_func_at_four_is_eleven():
    assert gb.derivative_at(gb.some_func, 4.0) == 11.0


@pytest.mark.parametrize("step", [gb.step_plain_python, gb.step_autograd, gb.step_optimizer, gb.step_mse_loss])
def test_one_step_four_ways(step):
    error, grad, theta = step(1.0, 2.0, 3.0, 0.1)
    assert all(isinstance(v, float) for v in (error, grad, theta))
    assert (error, grad) == (1.0, -4.0) and abs(theta - 1.4) < 1e-6


def test_training_leaves_inputs_alone_and_returns_detached_tensors():
    x, y = lr.make_linear_data()
    w0, b0 = torch.zeros(1, requires_grad=True), torch.zeros(1)
    for train in (lr.train_linear_regression, lr.train_linear_regression_autograd):
        w, b, losses = train(x, y, w0, b0, num_epochs=5)
        assert not w.requires_grad and not b.requires_grad and len(losses) == 5
        assert w0.grad is None and torch.equal(w0, torch.zeros(1)) and w0.requires_grad


def test_learning_rate_sweep_reports_divergence_as_non_finite():
    x, y = lr.make_linear_data()
    sweep = lr.learning_rate_sweep(x, y, torch.zeros(1), torch.zeros(1), [0.1, 10.0])
    assert np.isfinite(sweep[0.1]) and not np.isfinite(sweep[10.0])


def test_numerical_gradient_handles_zero_dimensional_tensors_and_keeps_dtype():
    t = torch.tensor(2.0, dtype=torch.float64)
    grad = ng.numerical_gradient(lambda p: p**3, (t,), 0)
    assert grad.shape == () and grad.dtype == torch.float64 and abs(grad.item() - 12.0) < 1e-6


def test_autograd_gradient_leaves_no_grad_behind():
    w = torch.randn(3, requires_grad=True)
    grad = ng.autograd_gradient(lambda p: (p**2).sum(), (w,), 0)
    assert w.grad is None and w.requires_grad and torch.allclose(grad, 2 * w.detach())


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_loss_along_w_accepts_numpy_float64_values_for_any_data_dtype(dtype):
    x, y = ng.make_line_data(20, dtype=dtype)
    losses = ng.loss_along_w(x, y, np.linspace(-4, 4, 9), 3.0)
    assert len(losses) == 9 and all(isinstance(v, float) for v in losses)
    assert int(np.argmin(losses)) == 6  # w = 2, the slope of the data


def test_torch_has_neither_nditer_nor_ndindex():
    # In the learners' bug report, the first answer used torch.nditer and the second torch.ndindex: neither exists.
    assert not hasattr(torch, "nditer") and not hasattr(torch, "ndindex")
