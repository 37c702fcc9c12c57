"""Wrong-but-plausible versions of the minibatch_sgd functions, and the misconceptions they show.

Each implementation takes the graded function's arguments and returns what a student with
that misconception would return; grading names the misconception when a wrong answer
matches one.
"""

from __future__ import annotations

import functools

import torch

from autograder.api import Misconception
from autograder.api import catalogue as c

NEVER_SHUFFLED = Misconception(
    "never_shuffled", "the rows were never shuffled (the generator was ignored or not passed on)",
    "draw the order with `torch.randperm(n, generator=generator)` and pass each epoch's generator on to "
    "`batch_indices`")
SAME_ORDER_EVERY_EPOCH = Misconception(
    "same_order_every_epoch", "every epoch visited the rows in the same order",
    "give epoch k its own generator, `torch.Generator().manual_seed(seed + k)`, created inside the epoch loop")
SHARED_GENERATOR = Misconception(
    "shared_generator", "one generator was shared by all epochs instead of one per epoch",
    "create `torch.Generator().manual_seed(seed + k)` for epoch k, so that each epoch's order depends only on "
    "`seed` and k")
LAST_BATCH_DROPPED = Misconception(
    "last_batch_dropped", "the last, shorter batch was dropped",
    "keep the remaining rows as a final smaller batch (`torch.split(order, batch_size)` does), so every row "
    "is used once per epoch")
FULL_DATA_GRADIENT = Misconception(
    "full_data_gradient", "every update used the loss of all rows instead of the batch's rows",
    "compute each batch's loss on `x[rows]` and `y[rows]` only, then backward() and update")
EPOCH_LOSS_FROM_BATCHES = Misconception(
    "epoch_loss_from_batch_losses", "the epoch loss is the mean of the batch losses",
    "after the epoch's updates, compute the MSE of `x @ w + b` on all N rows with the new parameters")
RUNS_CHAINED = Misconception(
    "runs_chained", "each batch size's run started where the previous run ended",
    "start every run from the caller's `w0` and `b0` (and never update them in place)")


def _order(n, generator, *, shuffle=True):
    return torch.randperm(n, generator=generator) if generator is not None and shuffle else torch.arange(n)


def _batch_indices(n, batch_size, generator=None, *, shuffle=True, drop_last=False):
    batches = list(torch.split(_order(n, generator, shuffle=shuffle), batch_size))
    if drop_last and len(batches) > 1 and len(batches[-1]) < batch_size:
        batches = batches[:-1]
    return batches


def _sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None, *, reduce="mean", clear=True,
               full_data=False, loss_after_update=False, shuffle=True, drop_last=False):
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    losses = []
    for rows in _batch_indices(x.shape[0], batch_size, generator, shuffle=shuffle, drop_last=drop_last):
        rows = rows.to(x.device)
        xs, ys = (x, y) if full_data else (x[rows], y[rows])
        squared = (xs @ w + b - ys) ** 2
        loss = squared.mean() if reduce == "mean" else squared.sum()
        loss.backward()
        with torch.no_grad():
            w -= learning_rate * w.grad
            b -= learning_rate * b.grad
            if loss_after_update:
                squared = (xs @ w + b - ys) ** 2
                loss = squared.mean() if reduce == "mean" else squared.sum()
        losses.append(loss.item())
        if clear:
            w.grad, b.grad = None, None
    return w.detach(), b.detach(), losses


def _train(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0, *, generators="per_epoch",
           epoch_loss="full"):
    w, b = w0.detach().clone(), b0.detach().clone()
    shared = torch.Generator().manual_seed(seed)
    losses = []
    for epoch in range(num_epochs):
        generator = {"per_epoch": lambda: torch.Generator().manual_seed(seed + epoch),
                     "same_seed": lambda: torch.Generator().manual_seed(seed),
                     "shared": lambda: shared,
                     "none": lambda: None}[generators]()
        w, b, batch_losses = _sgd_epoch(x, y, w, b, learning_rate, batch_size, generator)
        if epoch_loss == "full":
            losses.append(((x @ w + b - y) ** 2).mean().item())
        else:
            losses.append(sum(batch_losses) / len(batch_losses))
    return w, b, losses


def _compare(x, y, w0, b0, batch_sizes, learning_rate=0.05, num_epochs=20, seed=0, *, chained=False,
             fixed_lr=None):
    rate = learning_rate if fixed_lr is None else fixed_lr
    results, w, b = {}, w0, b0
    for size in batch_sizes:
        w_end, b_end, losses = _train(x, y, w, b, rate, num_epochs, size, seed)
        if chained:
            w, b = w_end, b_end
        results[size] = losses[-1]
    return results


def _p(function, **options):
    return functools.partial(function, **options)


VARIANTS = {
    "batch_indices": [
        (NEVER_SHUFFLED, _p(_batch_indices, shuffle=False)),
        (LAST_BATCH_DROPPED, _p(_batch_indices, drop_last=True)),
    ],
    "sgd_epoch": [
        (c.SUM_INSTEAD_OF_MEAN, _p(_sgd_epoch, reduce="sum")),
        (c.GRADIENTS_NOT_CLEARED, _p(_sgd_epoch, clear=False)),
        (FULL_DATA_GRADIENT, _p(_sgd_epoch, full_data=True)),
        (c.LOSS_AFTER_UPDATE, _p(_sgd_epoch, loss_after_update=True)),
        (NEVER_SHUFFLED, _p(_sgd_epoch, shuffle=False)),
        (LAST_BATCH_DROPPED, _p(_sgd_epoch, drop_last=True)),
    ],
    "train_minibatch": [
        (NEVER_SHUFFLED, _p(_train, generators="none")),
        (SAME_ORDER_EVERY_EPOCH, _p(_train, generators="same_seed")),
        (SHARED_GENERATOR, _p(_train, generators="shared")),
        (EPOCH_LOSS_FROM_BATCHES, _p(_train, epoch_loss="batches")),
    ],
    "compare_batch_sizes": [
        (RUNS_CHAINED, _p(_compare, chained=True)),
        (c.LEARNING_RATE_IGNORED, _p(_compare, fixed_lr=0.05)),
    ],
}
