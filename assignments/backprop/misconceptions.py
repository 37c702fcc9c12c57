"""Wrong-but-plausible versions of the backprop graded items, and the misconceptions they show.

Each implementation takes the graded item's arguments and returns what a student with that
misconception would return; grading names the misconception when a wrong answer matches one.
"""

from __future__ import annotations

import functools

import torch
import torch.nn.functional as F

from autograder.api import Misconception
from autograder.api import catalogue as c

RELU_MISSING = Misconception(
    "relu_missing", "the ReLU between the two layers is missing",
    "apply `torch.relu` to the first layer's output: `h = torch.relu(x @ W1 + b1)`, then `out = h @ W2 + b2`")
PRE_ACTIVATION_RETURNED = Misconception(
    "pre_activation_returned", "`h` is the first layer's output before the ReLU",
    "return the activations after the ReLU, `h = torch.relu(x @ W1 + b1)`, the same `h` that `out` is computed from")
MEAN_OVER_ROWS_ONLY = Misconception(
    "mean_over_rows_only", "the gradients were divided by N, the number of rows, instead of N·K, the number of entries",
    "the mean runs over every entry of `out`, N rows times K outputs: divide by `out.numel()`")
RELU_MASK_MISSING = Misconception(
    "relu_mask_missing", "the gradient flows back through the ReLU everywhere, also where it was inactive",
    "multiply the gradient of `h` by ReLU's derivative, `(z > 0)`, with `z = x @ W1 + b1` from the forward pass")
RELU_MASK_WRONG_PREACTIVATION = Misconception(
    "relu_mask_wrong_preactivation", "the ReLU mask was taken from `x @ W1` without the bias `b1`",
    "mask with `z > 0` where `z = x @ W1 + b1` is the ReLU's own input, bias included")
BIAS_GRADIENT_NOT_SUMMED = Misconception(
    "bias_gradient_not_summed", "the bias gradients were averaged over the rows instead of summed",
    "a bias is added to every row, so its gradient is the sum over the rows: `d_out.sum(dim=0)`; the 1/(N·K) "
    "is already in `d_out`")
SUMMED_BATCH_LOSS = Misconception(
    "summed_batch_loss", "each batch's loss is the sum over its rows instead of the mean",
    "use `F.cross_entropy(logits, labels)`, whose default `reduction='mean'` averages over the batch's rows")
GLOBAL_GENERATOR = Misconception(
    "global_generator", "the epochs' orders come from one random stream (the global generator, or one generator "
    "for the whole run) instead of a generator seeded with `seed + k` per epoch",
    "draw epoch k's order with `torch.randperm(N, generator=torch.Generator().manual_seed(seed + k))`, created "
    "inside the epoch loop")
LAST_BATCH_LOSS = Misconception(
    "last_batch_loss", "each epoch's loss is the loss of its last batch, not the mean of its batch losses",
    "collect every batch's `loss.item()` in the epoch and append their mean, `sum(batch_losses) / len(batch_losses)`")


# -- mlp_forward ------------------------------------------------------------------------------

def _forward(x, W1, b1, W2, b2, *, relu=True, return_pre_activation=False):
    z = x @ W1 + b1
    h = torch.relu(z) if relu else z
    return (z if return_pre_activation else h), h @ W2 + b2


# -- mlp_backward -----------------------------------------------------------------------------

def _backward(x, y, W1, b1, W2, b2, *, factor=2.0, divide_by="entries", mask="z", bias="sum"):
    with torch.no_grad():
        z = x @ W1 + b1
        h = torch.relu(z)
        out = h @ W2 + b2
        count = {"entries": out.numel(), "rows": out.shape[0], "none": 1}[divide_by]
        d_out = factor * (out - y) / count
        reduce = (lambda g: g.sum(dim=0)) if bias == "sum" else (lambda g: g.mean(dim=0))
        active = {"z": z > 0, "no_bias": x @ W1 > 0, "none": torch.ones_like(z, dtype=torch.bool)}[mask]
        d_z = (d_out @ W2.T) * active.to(z.dtype)
        return x.T @ d_z, reduce(d_z), h.T @ d_out, reduce(d_out)


# -- train_classifier -------------------------------------------------------------------------

def _train(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0, *, clear=True,
           reduction="mean", orders="per_epoch", epoch_loss="mean", loss_after_step=False):
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    shared = torch.Generator().manual_seed(seed)
    epoch_losses = []
    for epoch in range(num_epochs):
        generator = torch.Generator().manual_seed(seed + epoch) if orders == "per_epoch" else shared
        batch_losses = []
        for rows in torch.split(torch.randperm(x.shape[0], generator=generator).to(x.device), batch_size):
            if clear:
                optimizer.zero_grad()
            loss = F.cross_entropy(model(x[rows]), labels[rows], reduction=reduction)
            loss.backward()
            optimizer.step()
            if loss_after_step:
                with torch.no_grad():
                    loss = F.cross_entropy(model(x[rows]), labels[rows], reduction=reduction)
            batch_losses.append(loss.item())
        epoch_losses.append(sum(batch_losses) / len(batch_losses) if epoch_loss == "mean" else batch_losses[-1])
    return epoch_losses


def _p(function, **options):
    return functools.partial(function, **options)


VARIANTS = {
    "mlp_forward": [
        (RELU_MISSING, _p(_forward, relu=False)),
        (PRE_ACTIVATION_RETURNED, _p(_forward, return_pre_activation=True)),
    ],
    "mlp_backward": [
        (c.MISSING_FACTOR_2, _p(_backward, factor=1.0)),
        (c.SUM_INSTEAD_OF_MEAN, _p(_backward, divide_by="none")),
        (MEAN_OVER_ROWS_ONLY, _p(_backward, divide_by="rows")),
        (RELU_MASK_MISSING, _p(_backward, mask="none")),
        (RELU_MASK_WRONG_PREACTIVATION, _p(_backward, mask="no_bias")),
        (BIAS_GRADIENT_NOT_SUMMED, _p(_backward, bias="mean")),
    ],
    "train_classifier": [
        (c.GRADIENTS_NOT_CLEARED, _p(_train, clear=False)),
        (SUMMED_BATCH_LOSS, _p(_train, reduction="sum")),
        (GLOBAL_GENERATOR, _p(_train, orders="shared")),
        (LAST_BATCH_LOSS, _p(_train, epoch_loss="last")),
        (c.LOSS_AFTER_UPDATE, _p(_train, loss_after_step=True)),
    ],
}
