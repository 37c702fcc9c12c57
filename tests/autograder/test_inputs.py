"""Seeded inputs for checks (autograder.inputs): same seed, same tensors, on any device."""

from __future__ import annotations

import torch

from assignments.inputs import Inputs
from autograder.inputs import InputFactory, check_seed


def draws(factory: InputFactory) -> list:
    return [factory.randn(3, 2), factory.uniform(-1, 1, 4), factory.number(0, 10), *Inputs.linear_data(factory, 5, 2)]


def same(a: list, b: list) -> bool:
    return all(torch.equal(x, y) if isinstance(x, torch.Tensor) else x == y for x, y in zip(a, b))


def test_the_same_seed_gives_the_same_inputs_and_another_seed_others():
    assert same(draws(InputFactory(11)), draws(InputFactory(11)))
    assert not same(draws(InputFactory(11)), draws(InputFactory(12)))


def test_a_check_seed_depends_on_the_base_seed_and_the_check_name():
    assert check_seed(7, "test_a") == check_seed(7, "test_a")
    assert len({check_seed(7, "test_a"), check_seed(8, "test_a"), check_seed(7, "test_b")}) == 3
    assert 0 <= check_seed(-5, "test_a") < 2**63


def test_inputs_are_placed_on_the_factorys_device_with_the_same_values():
    on_meta = InputFactory(3, "meta").randn(2, 2)
    assert on_meta.device.type == "meta" and on_meta.shape == (2, 2)
    if torch.cuda.is_available():
        assert torch.equal(InputFactory(3, "cuda").randn(2, 2).cpu(), InputFactory(3, "cpu").randn(2, 2))


def test_dtype_and_requires_grad_are_as_asked_and_the_draw_is_the_same():
    single = InputFactory(5).randn(4, dtype=torch.float32, requires_grad=True)
    double = InputFactory(5).randn(4, dtype=torch.float64)
    assert single.dtype == torch.float32 and single.requires_grad and single.is_leaf
    assert double.dtype == torch.float64 and not double.requires_grad
    assert torch.equal(single.detach(), double.to(torch.float32))


def test_numbers_are_rounded_floats_in_range():
    factory = InputFactory(9)
    numbers = [factory.number(-2, 2, digits=2) for _ in range(50)]
    assert all(isinstance(n, float) and -2 <= n <= 2 and round(n, 2) == n for n in numbers)
    assert len(set(numbers)) > 10


def test_data_helpers_have_the_documented_shapes():
    factory = Inputs(1)   # the course's data generators on the engine's factory
    x, y = factory.linear_data(6, 3)
    assert x.shape == (6, 3) and y.shape == (6,) and x.abs().max() <= 1
    x, y = factory.polynomial_data(8, dtype=torch.float64)
    assert x.shape == y.shape == (8,) and y.dtype == torch.float64 and (0 <= x).all() and (x < 2).all()
