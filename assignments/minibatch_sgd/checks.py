"""Checks for minibatch_sgd (full-batch, stochastic and mini-batch gradient descent).

Public checks use the inputs of the notebook's visible test cells; hidden ones other
sizes, seeds, float64 and the grading device. Checks pass generators as
``NamedCallable("cpu_generator", (seed,))`` (``testfuncs.py``), which each side builds
as ``torch.Generator().manual_seed(seed)``. Tolerances allow for
the number of updates a call makes (``loop_steps``).
"""

import dataclasses
import math

import torch

from autograder.api import (curve_details, expect_detached, expect_reference_match, graded, how, NamedCallable,
                            per_setting_details)
from reference.minibatch_sgd import make_linear_data

EPOCH_LABELS = ("w", "b", "batch_losses")
TRAIN_LABELS = ("w", "b", "epoch_losses")


def generator(seed: int) -> NamedCallable:
    return NamedCallable("cpu_generator", (int(seed),))


def hidden_seed(inputs) -> int:
    return int(inputs.number(0, 10_000, digits=0))


def updates(n: int, batch_size: int, epochs: int = 1) -> int:
    return math.ceil(n / batch_size) * epochs


def lesson_data(device):
    x, y = make_linear_data()
    return x.to(device), y.to(device), torch.zeros(1, device=device), torch.zeros(1, device=device)


def _flat(tensor) -> torch.Tensor | None:
    if not isinstance(tensor, torch.Tensor) or tensor.is_complex():
        return None
    return tensor.detach().reshape(-1).to("cpu", torch.float64)


def _holds(leaf, value, rtol=1e-5, atol=1e-7) -> bool:
    leaf, value = _flat(leaf), _flat(value)
    return (leaf is not None and value is not None and leaf.numel() == value.numel()
            and bool(torch.isfinite(value).all()) and torch.allclose(leaf, value, rtol=rtol, atol=atol))


def each_update_from_autograd() -> how.Requirement:
    """Each of the epoch's updates comes from autograd, as ``sgd_epoch``'s contract asks: from
    the caller's ``w``, a backward pass of the call differentiated a leaf holding the current
    ``w``, and ``w - learning_rate * its gradient`` is the next one, batch after batch; the
    last is the ``w`` returned. (A backward pass on a copy, beside hand-derived updates, is not.)"""

    def behaviour(evidence, value, args, kwargs):
        x, w = kwargs.get("x", args[0]), kwargs.get("w", args[2] if len(args) > 2 else None)
        rate = float(kwargs.get("learning_rate", args[4] if len(args) > 4 else float("nan")))
        size = int(kwargs.get("batch_size", args[5] if len(args) > 5 else 1))
        passes = [(leaf, grad) for event in evidence.get("autograd", []) for leaf, grad in event.get("leaves", [])]
        current = _flat(w)
        for batch in range(updates(x.shape[0], size)):
            found = next((pair for pair in passes if _holds(pair[0], current, rtol=1e-4, atol=1e-6)), None)
            if found is None:
                which = "the caller's `w`" if batch == 0 else f"`w` as batch {batch}'s update left it"
                return f"no backward pass in the call differentiated a tensor holding {which}"
            leaf, grad = found
            if grad.shape != leaf.shape:
                return "no backward pass in the call produced a gradient the shape of `w`"
            current = leaf - rate * grad
        returned = value[0] if isinstance(value, (tuple, list)) and value else None
        if not _holds(returned, current, rtol=1e-4, atol=1e-6):
            return "the returned `w` is not the one the call's backward passes lead to, update after update"
        return None

    return dataclasses.replace(how.uses_autograd(), behaviour=behaviour)


# -- batch_indices ------------------------------------------------------------------------

@graded("batch_indices", 1, public=True)
def test_batch_indices_of_the_lesson_example(student, reference):
    expect_reference_match(student, reference, "batch_indices", args=(10, 4))
    expect_reference_match(student, reference, "batch_indices", args=(10, 4, generator(0)))


@graded("batch_indices", 1)
def test_batch_indices_follow_the_generators_order(student, reference, inputs):
    for n, batch_size in ((12, 3), (23, 5), (40, 8)):
        expect_reference_match(student, reference, "batch_indices", args=(n, batch_size, generator(hidden_seed(inputs))))


@graded("batch_indices", 1)
def test_batch_indices_keep_the_short_last_batch(student, reference, inputs):
    for n, batch_size in ((31, 8), (17, 6), (7, 10)):
        expect_reference_match(student, reference, "batch_indices",
                               args=(n, batch_size), kwargs={"generator": generator(hidden_seed(inputs))})


@graded("batch_indices", 1)
def test_batch_indices_without_a_generator_and_with_single_rows(student, reference, inputs):
    expect_reference_match(student, reference, "batch_indices", args=(9, 2))
    expect_reference_match(student, reference, "batch_indices", args=(13, 13))
    expect_reference_match(student, reference, "batch_indices", args=(6, 1, generator(hidden_seed(inputs))))


# -- sgd_epoch ------------------------------------------------------------------------------

@graded("sgd_epoch", 1, public=True)
def test_sgd_epoch_of_the_lesson_examples(student, reference, device):
    x_toy = torch.tensor([[1.0], [2.0], [3.0]], device=device)
    y_toy = torch.tensor([2.0, 4.0, 6.0], device=device)
    expect_reference_match(student, reference, "sgd_epoch",
                           args=(x_toy, y_toy, torch.zeros(1, device=device), torch.zeros(1, device=device), 0.1, 2),
                           labels=EPOCH_LABELS, loop_steps=2, inputs=("x", "y", "w", "b"))
    expect_reference_match(student, reference, "sgd_epoch", args=(*lesson_data(device), 0.05, 8, generator(0)),
                           labels=EPOCH_LABELS, loop_steps=updates(100, 8))


@graded("sgd_epoch", 1)
def test_sgd_epoch_on_hidden_data_with_a_short_last_batch(student, reference, inputs):
    x, y = inputs.linear_data(30, 2)
    expect_reference_match(student, reference, "sgd_epoch",
                           args=(x, y, inputs.randn(2), inputs.randn(1), 0.1, 7, generator(hidden_seed(inputs))),
                           labels=EPOCH_LABELS, loop_steps=updates(30, 7))


@graded("sgd_epoch", 1)
def test_sgd_epoch_in_float64(student, reference, inputs):
    x, y = inputs.linear_data(18, 3, dtype=torch.float64)
    w, b = inputs.randn(3, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)
    expect_reference_match(student, reference, "sgd_epoch", args=(x, y, w, b, 0.2, 4, generator(hidden_seed(inputs))),
                           labels=EPOCH_LABELS, loop_steps=updates(18, 4))
    # More features than rows: the number of rows is x.shape[0], not the largest dimension.
    x, y = inputs.linear_data(4, 6, dtype=torch.float64)
    w, b = inputs.randn(6, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)
    expect_reference_match(student, reference, "sgd_epoch", args=(x, y, w, b, 0.1, 3, generator(hidden_seed(inputs))),
                           labels=EPOCH_LABELS, loop_steps=updates(4, 3))


@graded("sgd_epoch", 1)
def test_sgd_epoch_uses_autograd_and_leaves_inputs_alone(student, reference, inputs):
    x, y = inputs.linear_data(20, 2)
    w, b = inputs.randn(2, requires_grad=True), inputs.randn(1, requires_grad=True)
    got, _ = expect_reference_match(student, reference, "sgd_epoch",
                                    args=(x, y, w, b, 0.1, 6, generator(hidden_seed(inputs))),
                                    labels=EPOCH_LABELS, loop_steps=updates(20, 6), inputs=("x", "y", "w", "b"),
                                    require_api=[each_update_from_autograd()])
    expect_detached("sgd_epoch", got.value, EPOCH_LABELS)


@graded("sgd_epoch", 1)
def test_sgd_epoch_with_one_batch_of_all_rows_and_with_single_rows(student, reference, inputs):
    # One batch of all rows is one full-batch gradient step; batches of one row are plain SGD.
    x, y = inputs.linear_data(15, 1)
    w, b = inputs.randn(1), inputs.randn(1)
    expect_reference_match(student, reference, "sgd_epoch", args=(x, y, w, b, 0.3, 15), labels=EPOCH_LABELS)
    expect_reference_match(student, reference, "sgd_epoch", args=(x, y, w, b, 0.1, 1, generator(hidden_seed(inputs))),
                           labels=EPOCH_LABELS, loop_steps=15)


# -- train_minibatch --------------------------------------------------------------------------

@graded("train_minibatch", 1, public=True)
def test_train_minibatch_on_the_lesson_data(student, reference, device):
    x, y, w0, b0 = lesson_data(device)
    expect_reference_match(student, reference, "train_minibatch", args=(x, y, w0, b0), labels=TRAIN_LABELS,
                           loop_steps=updates(100, 8, 20), inputs=("x", "y", "w0", "b0"), details=curve_details(2))
    expect_reference_match(student, reference, "train_minibatch",
                           args=(x, y, torch.tensor([0.5], device=device), torch.tensor([-0.5], device=device)),
                           kwargs={"learning_rate": 0.1, "num_epochs": 5, "batch_size": 16, "seed": 3},
                           labels=TRAIN_LABELS, loop_steps=updates(100, 16, 5))


@graded("train_minibatch", 1)
def test_train_minibatch_on_hidden_data(student, reference, inputs):
    x, y = inputs.linear_data(40, 2)
    expect_reference_match(student, reference, "train_minibatch", args=(x, y, inputs.randn(2), inputs.randn(1)),
                           kwargs={"learning_rate": 0.05, "num_epochs": 6, "batch_size": 6,
                                   "seed": hidden_seed(inputs)},
                           labels=TRAIN_LABELS, loop_steps=updates(40, 6, 6))


@graded("train_minibatch", 1)
def test_train_minibatch_in_float64(student, reference, inputs):
    x, y = inputs.linear_data(24, 3, dtype=torch.float64)
    w0, b0 = inputs.randn(3, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)
    expect_reference_match(student, reference, "train_minibatch", args=(x, y, w0, b0),
                           kwargs={"learning_rate": 0.1, "num_epochs": 4, "batch_size": 5,
                                   "seed": hidden_seed(inputs)},
                           labels=TRAIN_LABELS, loop_steps=updates(24, 5, 4))


@graded("train_minibatch", 1)
def test_train_minibatch_leaves_inputs_alone_and_returns_detached_tensors(student, reference, inputs):
    x, y = inputs.linear_data(20, 2)
    w0, b0 = inputs.randn(2, requires_grad=True), inputs.randn(1)
    got, _ = expect_reference_match(student, reference, "train_minibatch", args=(x, y, w0, b0),
                                    kwargs={"num_epochs": 3, "batch_size": 7, "seed": hidden_seed(inputs)},
                                    labels=TRAIN_LABELS, loop_steps=updates(20, 7, 3), inputs=("x", "y", "w0", "b0"))
    expect_detached("train_minibatch", got.value, TRAIN_LABELS)


@graded("train_minibatch", 1)
def test_train_minibatch_with_full_batches_and_single_rows(student, reference, inputs):
    # Full batches: the shuffle does not matter and this is gradient descent. Single rows at a
    # rate above 2 / (largest row curvature) diverge: inf or nan is then the expected result.
    x, y = inputs.linear_data(16, 1)
    w0, b0 = inputs.randn(1), inputs.randn(1)
    expect_reference_match(student, reference, "train_minibatch", args=(x, y, w0, b0),
                           kwargs={"learning_rate": 0.2, "num_epochs": 8, "batch_size": 16},
                           labels=TRAIN_LABELS, loop_steps=8)
    expect_reference_match(student, reference, "train_minibatch", args=(x, y, w0, b0),
                           kwargs={"learning_rate": 0.9, "num_epochs": 4, "batch_size": 1,
                                   "seed": hidden_seed(inputs)},
                           labels=TRAIN_LABELS, loop_steps=updates(16, 1, 4), nonfinite_equivalent=True)


# -- compare_batch_sizes ------------------------------------------------------------------------

@graded("compare_batch_sizes", 1, public=True)
def test_compare_batch_sizes_on_the_lesson_data(student, reference, device):
    expect_reference_match(student, reference, "compare_batch_sizes", args=(*lesson_data(device), [1, 8, 100]),
                           loop_steps=updates(100, 1, 20), inputs=("x", "y", "w0", "b0"))
    expect_reference_match(student, reference, "compare_batch_sizes", args=(*lesson_data(device), [1, 100]),
                           kwargs={"learning_rate": 0.9, "num_epochs": 5}, loop_steps=updates(100, 1, 5),
                           nonfinite_equivalent=True, details=per_setting_details("batch_sizes"))


@graded("compare_batch_sizes", 1)
def test_compare_batch_sizes_on_hidden_data(student, reference, inputs):
    x, y = inputs.linear_data(30, 2)
    expect_reference_match(student, reference, "compare_batch_sizes",
                           args=(x, y, inputs.randn(2), inputs.randn(1), [1, 4, 30]),
                           kwargs={"learning_rate": 0.1, "num_epochs": 5, "seed": hidden_seed(inputs)},
                           loop_steps=updates(30, 1, 5), inputs=("x", "y", "w0", "b0"))


@graded("compare_batch_sizes", 1)
def test_compare_batch_sizes_in_float64_with_a_diverging_batch_size(student, reference, inputs):
    x, y = inputs.linear_data(20, 1, dtype=torch.float64)
    w0, b0 = inputs.randn(1, dtype=torch.float64), inputs.randn(1, dtype=torch.float64)
    expect_reference_match(student, reference, "compare_batch_sizes", args=(x, y, w0, b0, [20, 5, 1]),
                           kwargs={"learning_rate": 0.8, "num_epochs": 6, "seed": hidden_seed(inputs)},
                           loop_steps=updates(20, 1, 6), nonfinite_equivalent=True)
