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
BACKWARD_FORGETS_GRAD_OUTPUT = Misconception(
    "backward_forgets_grad_output", "`backward` returns the local derivative without multiplying by `grad_output`",
    "by the chain rule `backward` returns `grad_output * s * (1 - s)`: the gradient arriving from the loss times "
    "the local derivative")
SIGMOID_OVERFLOW = Misconception(
    "sigmoid_overflow", "`exp` overflows for large |z|, so the sigmoid gives `inf` or `nan` there",
    "exponentiate only non-positive numbers: with `e = torch.exp(-z.abs())`, the sigmoid is `1 / (1 + e)` where "
    "z >= 0 and `e / (1 + e)` where z < 0 (`torch.where` picks per entry)")
SOFTMAX_IN_FORWARD = Misconception(
    "softmax_in_forward", "`forward` returns softmax probabilities instead of the logits",
    "return `fc2(relu(fc1(x)))` as it is: `F.cross_entropy` applies the (log-)softmax itself")
EXTRA_PARAMETER = Misconception(
    "extra_parameter", "the module holds parameters or buffers besides `fc1` and `fc2`",
    "keep exactly `self.fc1` and `self.fc2` (`nn.Linear`); a parameter-free submodule such as `nn.ReLU()` is fine")
MODEL_LEFT_IN_EVAL = Misconception(
    "model_left_in_eval", "the model was switched to evaluation mode and left there",
    "remember `was_training = model.training`, and after evaluating call `model.train(was_training)`")


# -- Sigmoid, TwoLayerNet (graded classes: validate puts each in place of the student's class; the checks
# name these misconceptions themselves, see checks.py) ---------------------------------------------------

class _SigmoidForgetsGradOutput(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        s = torch.sigmoid(z)
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        return s * (1 - s)


class _SigmoidOverflows(_SigmoidForgetsGradOutput):
    @staticmethod
    def forward(ctx, z):
        s = torch.exp(z) / (1 + torch.exp(z))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        return grad_output * s * (1 - s)


class _Net(torch.nn.Module):
    def __init__(self, in_features, hidden_features, out_features, *, relu=True, softmax=False, extra=False):
        super().__init__()
        self.fc1 = torch.nn.Linear(in_features, hidden_features)
        self.fc2 = torch.nn.Linear(hidden_features, out_features)
        if extra:
            self.scale = torch.nn.Parameter(torch.ones(1))
        self.relu, self.softmax = relu, softmax

    def forward(self, x):
        hidden = self.fc1(x)
        logits = self.fc2(torch.relu(hidden) if self.relu else hidden)
        return torch.softmax(logits, dim=1) if self.softmax else logits


def _net_class(**options):
    class Net(_Net):
        def __init__(self, in_features, hidden_features, out_features):
            super().__init__(in_features, hidden_features, out_features, **options)

    return Net


def _accuracy_left_in_eval(model, x, labels):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(dim=1) == labels).float().mean().item()


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
    "Sigmoid": [
        (BACKWARD_FORGETS_GRAD_OUTPUT, _SigmoidForgetsGradOutput),
        (SIGMOID_OVERFLOW, _SigmoidOverflows),
    ],
    "TwoLayerNet": [
        (SOFTMAX_IN_FORWARD, _net_class(softmax=True)),
        (RELU_MISSING, _net_class(relu=False)),
        (EXTRA_PARAMETER, _net_class(extra=True)),
    ],
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
    "accuracy": [
        (MODEL_LEFT_IN_EVAL, _accuracy_left_in_eval),
    ],
}
