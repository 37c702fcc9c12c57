"""Seeded inputs for checks: the same seed gives the same tensors on every device.

Values are drawn from a CPU generator seeded per check (base seed + check name) and
then moved to the grading device, so CPU and CUDA grading see identical inputs.
A course adds generators of its own data by subclassing ``InputFactory`` as ``Inputs``
in ``assignments/inputs.py`` (or an assignment's ``inputs.py``); checks then get that
class as their ``inputs`` fixture.
"""

from __future__ import annotations

import zlib

import torch


def check_seed(base_seed: int, name: str) -> int:
    return (int(base_seed) * 1_000_003 + zlib.crc32(name.encode())) % (2**63)


class InputFactory:
    def __init__(self, seed: int, device="cpu"):
        self.device = torch.device(device)
        self.generator = torch.Generator().manual_seed(seed)

    def _place(self, tensor: torch.Tensor, requires_grad: bool) -> torch.Tensor:
        tensor = tensor.to(self.device)
        return tensor.requires_grad_(True) if requires_grad else tensor

    def randn(self, *shape, dtype=torch.float32, scale: float = 1.0, requires_grad: bool = False) -> torch.Tensor:
        values = torch.randn(*shape, generator=self.generator, dtype=torch.float64) * scale
        return self._place(values.to(dtype), requires_grad)

    def uniform(self, low: float, high: float, *shape, dtype=torch.float32, requires_grad: bool = False):
        values = low + (high - low) * torch.rand(*shape, generator=self.generator, dtype=torch.float64)
        return self._place(values.to(dtype), requires_grad)

    def number(self, low: float, high: float, digits: int = 3) -> float:
        """A Python float in [low, high), rounded so it reads well in messages."""
        return round(low + (high - low) * torch.rand((), generator=self.generator, dtype=torch.float64).item(), digits)
