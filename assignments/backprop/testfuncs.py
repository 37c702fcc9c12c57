"""Models the backprop checks pass to ``train_classifier`` and ``accuracy``, built by name on both sides.

A model cannot cross the sandbox, so a check sends ``NamedCallable("seeded_mlp", (...))`` and
the grader and the sandbox each build the same freshly initialised network from it: its
parameters come from a CPU generator seeded by the check, never from the global one, so both
sides hold the same numbers whatever ran before. This file runs inside the sandbox too, so
it imports nothing but torch.
"""

import torch
from torch import nn


def seeded_mlp(in_features, hidden_features, out_features, seed, device="cpu", dtype="float32"):
    """``Linear -> ReLU -> Linear`` with parameters uniform in ±1/sqrt(fan_in), drawn from ``seed``."""
    generator = torch.Generator().manual_seed(int(seed))
    model = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU(), nn.Linear(hidden_features, out_features))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            bound = layer.in_features ** -0.5
            for parameter in (layer.weight, layer.bias):
                parameter.copy_((torch.rand(parameter.shape, generator=generator) * 2 - 1) * bound)
    return model.to(device=torch.device(device), dtype=getattr(torch, dtype))


def linear_logits(weight, bias):
    """An ``nn.Linear`` whose weight (classes, features) and bias (classes,) are the given tensors."""
    model = nn.Linear(weight.shape[1], weight.shape[0]).to(device=weight.device, dtype=weight.dtype)
    with torch.no_grad():
        model.weight.copy_(weight)
        model.bias.copy_(bias)
    return model
