"""The minibatch_sgd reference follows the interface's rows and rules for the assignment."""

import math

import pytest
import torch

from reference import linear_regression as lr
from reference import minibatch_sgd as mb


def _devices():
    return ["cpu", pytest.param("cuda", marks=pytest.mark.gpu)]


@pytest.mark.parametrize("n, batch_size, sizes", [(12, 4, [4, 4, 4]), (10, 4, [4, 4, 2]), (5, 8, [5]), (3, 1, [1, 1, 1])])
def test_batches_cover_every_row_once_and_keep_the_short_last_batch(n, batch_size, sizes):
    batches = mb.batch_indices(n, batch_size, torch.Generator().manual_seed(3))
    assert [len(rows) for rows in batches] == sizes
    assert all(rows.dtype == torch.int64 and rows.device.type == "cpu" and rows.dim() == 1 for rows in batches)
    assert sorted(torch.cat(batches).tolist()) == list(range(n))


def test_batches_without_a_generator_follow_arange():
    assert [rows.tolist() for rows in mb.batch_indices(7, 3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_batches_with_a_generator_follow_randperm_of_that_generator():
    order = torch.randperm(9, generator=torch.Generator().manual_seed(5))
    batches = mb.batch_indices(9, 4, torch.Generator().manual_seed(5))
    assert torch.equal(torch.cat(batches), order) and len(batches) == 3


def test_an_epoch_records_each_batch_loss_before_its_update():
    x = torch.tensor([[1.0], [2.0], [3.0]])
    y = torch.tensor([2.0, 4.0, 6.0])
    w, b, losses = mb.sgd_epoch(x, y, torch.zeros(1), torch.zeros(1), 0.1, 2)
    # Batch [0, 1]: loss (4 + 16) / 2 = 10, gradients -10 (w) and -6 (b); then batch [2].
    assert losses[0] == 10.0 and len(losses) == 2
    w1, b1 = torch.tensor([1.0]), torch.tensor([0.6])
    assert math.isclose(losses[1], ((3 * w1 + b1 - 6) ** 2).item(), rel_tol=1e-6)
    residual = 3 * w1 + b1 - 6
    assert torch.allclose(w, w1 - 0.1 * 2 * residual * 3) and torch.allclose(b, b1 - 0.1 * 2 * residual)


def test_full_batch_training_is_the_gradient_descent_of_linear_regression():
    x, y = mb.make_linear_data()
    w0, b0 = torch.zeros(1), torch.tensor([0.5])
    w, b, epoch_losses = mb.train_minibatch(x, y, w0, b0, learning_rate=0.1, num_epochs=30, batch_size=len(x))
    w_gd, b_gd, losses_gd = lr.train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=31)
    # train_minibatch records the loss after each epoch, train_linear_regression before it.
    assert epoch_losses == pytest.approx(losses_gd[1:], rel=1e-5)
    w_next, b_next = lr.train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=30)[:2]
    assert torch.allclose(w, w_next, rtol=1e-5) and torch.allclose(b, b_next, rtol=1e-5)


def test_each_epoch_is_shuffled_by_its_own_seed():
    x, y = mb.make_linear_data(20, true_w=(1.0, -2.0))
    w0, b0 = torch.zeros(2), torch.zeros(1)
    w, b = w0, b0
    for k in range(3):
        w, b, _ = mb.sgd_epoch(x, y, w, b, 0.05, 6, torch.Generator().manual_seed(7 + k))
    w_run, b_run, _ = mb.train_minibatch(x, y, w0, b0, num_epochs=3, batch_size=6, seed=7)
    assert torch.equal(w_run, w) and torch.equal(b_run, b)


def test_training_leaves_inputs_alone_and_returns_detached_tensors_and_floats():
    x, y = mb.make_linear_data(30, true_w=(1.5, -3.0), true_b=0.5)
    w0, b0 = torch.zeros(2, requires_grad=True), torch.zeros(1)
    w, b, losses = mb.train_minibatch(x, y, w0, b0, num_epochs=4, batch_size=7)
    assert not w.requires_grad and not b.requires_grad
    assert len(losses) == 4 and all(type(v) is float for v in losses)
    assert w0.grad is None and w0.requires_grad and torch.equal(w0, torch.zeros(2)) and torch.equal(b0, torch.zeros(1))
    w_epoch, b_epoch, batch_losses = mb.sgd_epoch(x, y, w0, b0, 0.05, 7, torch.Generator().manual_seed(0))
    assert len(batch_losses) == 5 and all(type(v) is float for v in batch_losses)
    assert w0.grad is None and torch.equal(w0, torch.zeros(2)) and not w_epoch.requires_grad


@pytest.mark.parametrize("device", _devices())
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_results_keep_the_inputs_device_and_dtype(device, dtype):
    x, y = (t.to(device, dtype) for t in mb.make_linear_data(25))
    w0, b0 = torch.zeros(1, device=device, dtype=dtype), torch.zeros(1, device=device, dtype=dtype)
    w, b, losses = mb.train_minibatch(x, y, w0, b0, num_epochs=3, batch_size=4)
    assert (w.device, w.dtype, b.device, b.dtype) == (x.device, dtype, x.device, dtype)
    cpu = mb.train_minibatch(*(t.cpu() for t in (x, y, w0, b0)), num_epochs=3, batch_size=4)
    assert losses == pytest.approx(cpu[2], rel=1e-4)


def test_a_rate_that_suits_full_batch_diverges_for_single_rows():
    x, y = mb.make_linear_data()
    results = mb.compare_batch_sizes(x, y, torch.zeros(1), torch.zeros(1), [1, 8, 100], learning_rate=0.9)
    assert list(results) == [1, 8, 100] and all(type(v) is float for v in results.values())
    assert not math.isfinite(results[1]) and math.isfinite(results[100]) and results[100] < 0.02


def test_smaller_batches_take_more_steps_per_epoch_and_get_further():
    x, y = mb.make_linear_data()
    results = mb.compare_batch_sizes(x, y, torch.zeros(1), torch.zeros(1), [1, 8, 100], num_epochs=5)
    assert results[1] < results[8] < results[100]
