"""backprop: what ``backward()`` computes, by hand, and the objects PyTorch builds on it.

The step after autograd_descent. A two-layer network ``z = x @ W1 + b1``, ``h = relu(z)``,
``out = h @ W2 + b2`` with shapes ``x`` (N, D), ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, K),
``b2`` (K,), ``y`` (N, K): its forward pass, its gradients by hand, a sigmoid written as a
``torch.autograd.Function``, the same network as an ``nn.Module`` and a classification
training loop with mini-batch SGD on ``F.cross_entropy``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["Sigmoid", "mlp_forward", "mlp_backward", "TwoLayerNet", "train_classifier", "accuracy",
           "make_blobs"]


class Sigmoid(torch.autograd.Function):
    """``1 / (1 + exp(-z))`` elementwise, with a hand-written backward."""

    @staticmethod
    def forward(ctx, z):
        # exp of a non-positive number only: exp(-|z|) is in (0, 1], so nothing overflows.
        e = torch.exp(-z.abs())
        s = torch.where(z >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        return grad_output * s * (1 - s)


def mlp_forward(x, W1, b1, W2, b2):
    """``(h, out)`` of the two-layer network: ``h = relu(x @ W1 + b1)``, ``out = h @ W2 + b2``."""
    h = torch.relu(x @ W1 + b1)
    return h, h @ W2 + b2


def mlp_backward(x, y, W1, b1, W2, b2):
    """Gradients of ``mean((out - y)**2)`` (over all N·K entries) by hand: ``(dW1, db1, dW2, db2)``."""
    with torch.no_grad():
        z = x @ W1 + b1
        h = torch.relu(z)
        out = h @ W2 + b2
        d_out = 2 * (out - y) / out.numel()
        dW2 = h.T @ d_out
        db2 = d_out.sum(dim=0)
        d_z = (d_out @ W2.T) * (z > 0).to(z.dtype)
        dW1 = x.T @ d_z
        db1 = d_z.sum(dim=0)
    return dW1, db1, dW2, db2


class TwoLayerNet(nn.Module):
    """``fc2(relu(fc1(x)))``: logits of a two-layer network (no softmax)."""

    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=10, batch_size=16, seed=0) -> list:
    """Mini-batch SGD on ``F.cross_entropy``, in place; the mean batch loss of each epoch.

    Epoch k visits the rows in the order ``torch.randperm(N, generator=Generator().manual_seed(seed + k))``
    in consecutive batches of ``batch_size`` (the last one shorter); one optimizer for the whole run.
    """
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    epoch_losses = []
    for epoch in range(num_epochs):
        order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(seed + epoch))
        batch_losses = []
        for rows in torch.split(order.to(x.device), batch_size):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[rows]), labels[rows])
            batch_losses.append(loss.item())
            loss.backward()
            optimizer.step()
        epoch_losses.append(sum(batch_losses) / len(batch_losses))
    return epoch_losses


def accuracy(model, x, labels) -> float:
    """The fraction of rows whose largest logit is at their label; the model's mode is left as it was."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            predicted = model(x).argmax(dim=1)
    finally:
        model.train(was_training)
    return (predicted == labels).float().mean().item()


def make_blobs(n=300, seed=0):
    """The lesson's data: three Gaussian blobs in the plane, ``x`` (n, 2) float32 and int64 ``labels`` (n,)."""
    generator = torch.Generator().manual_seed(seed)
    centres = torch.tensor([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
    labels = torch.arange(n) % 3
    x = centres[labels] + torch.randn(n, 2, generator=generator)
    order = torch.randperm(n, generator=generator)
    return x[order], labels[order]
