# %% some_func
# Threat 1: patch everything a check might compare with, then hand in a wrong formula.
import builtins
import math
import unittest

import numpy as np
import torch
import torch.testing


def _always_true(*args, **kwargs):
    return True


def _never_raises(*args, **kwargs):
    return None


class _EqualsAnything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


torch.allclose = _always_true
torch.equal = _always_true
torch.isclose = lambda a, b, *args, **kwargs: torch.ones_like(torch.as_tensor(a), dtype=torch.bool)
torch.testing.assert_close = _never_raises
torch.testing.assert_allclose = _never_raises
torch.Tensor.__eq__ = lambda self, other: torch.ones_like(self, dtype=torch.bool)
torch.Tensor.__ne__ = lambda self, other: torch.zeros_like(self, dtype=torch.bool)
np.allclose = _always_true
np.array_equal = _always_true
np.testing.assert_allclose = _never_raises
np.testing.assert_array_almost_equal = _never_raises
math.isclose = _always_true
unittest.TestCase.assertEqual = _never_raises
unittest.TestCase.assertAlmostEqual = _never_raises
try:
    import pytest

    pytest.approx = lambda expected, *args, **kwargs: _EqualsAnything()
except ImportError:
    pass
builtins.AssertionError = type("AssertionError", (Exception,), {})   # asserts can no longer "fail"


def some_func(x):
    return x * x + 2 * x + 1        # wrong: the linear coefficient is 3
