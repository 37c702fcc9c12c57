"""Inputs of this course's data shapes, drawn like every input from the check's seed."""

import torch

from autograder.api import InputFactory


class Inputs(InputFactory):
    def linear_data(self, n: int, d: int, *, noise: float = 0.1, dtype=torch.float32):
        """``x`` (n, d) in [-1, 1], ``y`` (n,) from a random hyperplane plus noise."""
        x = self.uniform(-1, 1, n, d, dtype=dtype)
        w = self.randn(d, dtype=dtype, scale=2.0)
        b = self.number(-2, 2)
        return x, x @ w + b + self.randn(n, dtype=dtype, scale=noise)

    def polynomial_data(self, n: int, *, dtype=torch.float32):
        """``x`` in [0, 2) and a noisy, wavy quadratic ``y`` (like the lesson's pairs, other draws)."""
        x = self.uniform(0, 2, n, dtype=dtype)
        a, b, c = (self.number(-2, 2) for _ in range(3))
        return x, a + b * x + c * x**2 + 0.3 * torch.cos(15 * x) + self.randn(n, dtype=dtype, scale=0.1)

    def blobs(self, n: int, classes: int = 3, d: int = 2, *, spread: float = 1.0, dtype=torch.float32):
        """``x`` (n, d) around one random centre per class and int64 ``labels`` (n,), every class present."""
        centres = self.randn(classes, d, dtype=dtype, scale=2.5)
        order = torch.randperm(n, generator=self.generator)
        labels = (order % classes).to(self.device)
        return centres[labels] + self.randn(n, d, dtype=dtype, scale=spread), labels
