"""autograder.diagnosis: a misconception is named only when its variant alone explains the answer."""

from __future__ import annotations

import math

import pytest
import torch

from autograder import diagnosis
from autograder.misconceptions import catalogue as mc
from autograder.notebook import NotebookCell
from autograder.reference_runner import ReferenceRunner
from pcpt_portable.tolerances import tolerance_for
from reference.autograd_descent import generate_training_pairs
from tests.helpers.course import COURSE

TOL = tolerance_for(torch.float64, torch.device("cpu"), 1)
NAN, INF = math.nan, math.inf


class Variants:
    """A reference stand-in whose variants are given here (no assignment's catalogue)."""

    assignment = "test"

    def __init__(self, monkeypatch, variants):
        monkeypatch.setattr(diagnosis.misconceptions, "variants_for", lambda assignment, function: variants)

    def variant(self, key, implementation, args=(), kwargs=None):
        return implementation(*args, **(kwargs or {}))


class Submission:
    def __init__(self, source: str | None):
        self.cells = None if source is None else [NotebookCell(1, source, "step")]


def _diagnose(reference, actual, expected, args=(1.0,), submission=None):
    return diagnosis.diagnose(reference, "step", actual, expected, args, {}, TOL, submission=submission)


@pytest.mark.parametrize("actual, expected, informative", [
    ((NAN, INF, -INF), (1.0, 2.0, 3.0), False),        # all non-finite
    ((1.0, NAN, INF), (1.0, 2.0, INF), False),         # wrong only where it diverged
    ((1.0, 2.5, INF), (1.0, 2.0, INF), True),
    (torch.tensor([1.0, NAN]), torch.tensor([1.0, 5.0]), False),
    (torch.tensor([1.0, 4.0]), torch.tensor([1.0, 5.0]), True),
    ([1.0, 2.0, 3.0], [1.0, 2.0], True),               # a finite number where the reference has none
    ({"a": 1.0, "b": NAN}, {"a": 2.0, "b": 0.0}, True),
])
def test_an_answer_is_informative_only_where_it_is_wrong_in_finite_numbers(actual, expected, informative):
    assert diagnosis.informative(actual, expected, TOL) is informative


def test_a_diverged_answer_names_no_misconception_even_where_a_variant_diverges_alike(monkeypatch):
    reference = Variants(monkeypatch, [(mc.SUM_INSTEAD_OF_MEAN, lambda theta: (NAN, INF))])
    assert _diagnose(reference, (NAN, INF), (1.0, 2.0)) is None


def test_one_matching_variant_is_named_and_two_are_not(monkeypatch):
    one = Variants(monkeypatch, [(mc.MISSING_FACTOR_2, lambda theta: (theta, 3.0)),
                                 (mc.GRADIENT_ASCENT, lambda theta: (theta, -3.0))])
    assert _diagnose(one, (1.0, 3.0), (1.0, 6.0)) is mc.MISSING_FACTOR_2
    two = Variants(monkeypatch, [(mc.MISSING_FACTOR_2, lambda theta: (theta, 3.0)),
                                 (mc.GRADIENT_ASCENT, lambda theta: (theta, 3.0))])
    assert _diagnose(two, (1.0, 3.0), (1.0, 6.0)) is None


ORDERED = """
def step(theta):
    t = torch.tensor(theta, requires_grad=True)
    opt = torch.optim.SGD([t], lr=0.1)
    opt.zero_grad()
    (t * t).backward()
    opt.step()
    return t.item()
"""
CLEARED_BETWEEN = ORDERED.replace("    opt.zero_grad()\n", "").replace("    opt.step()", "    opt.zero_grad()\n    opt.step()")


def test_unchanged_inputs_name_a_misconception_only_with_its_calls_in_the_source(monkeypatch):
    reference = Variants(monkeypatch, [(mc.ZERO_GRAD_BEFORE_STEP, lambda theta: theta)])
    # θ = 1.0 comes back where 0.8 was expected: any bug that skips the update gives that.
    assert _diagnose(reference, 1.0, 0.8, submission=Submission(ORDERED)) is None
    assert _diagnose(reference, 1.0, 0.8, submission=Submission(None)) is None
    assert _diagnose(reference, 1.0, 0.8, submission=Submission(CLEARED_BETWEEN)) is mc.ZERO_GRAD_BEFORE_STEP


def test_calls_in_order_reads_the_functions_own_code():
    order = mc.ZERO_GRAD_BEFORE_STEP.source_order
    assert diagnosis.calls_in_order([NotebookCell(1, CLEARED_BETWEEN, "step")], "step", order)
    assert not diagnosis.calls_in_order([NotebookCell(1, ORDERED, "step")], "step", order)
    assert not diagnosis.calls_in_order([NotebookCell(1, ORDERED, "step")], "other", order)


def test_the_diverging_ascent_of_the_lesson_is_not_told_it_summed():
    # Both gradient ascent and a summed loss blow up on the lesson's data at the lesson's rate:
    # the old first-match rule named "summed instead of averaged" here.
    reference = ReferenceRunner(COURSE.assignment("autograd_descent"), "cpu")
    from assignments.autograd_descent.misconceptions import _manual

    x, y = generate_training_pairs()
    args = (x, y)
    ascent = _manual(x, y, sign=+1.0)
    assert not any(math.isfinite(v) for v in ascent[:3])
    expected = reference.call("polynomial_gradient_descent_manual", args, {})
    tolerance = tolerance_for(torch.float32, reference.device, 4000)
    assert diagnosis.diagnose(reference, "polynomial_gradient_descent_manual", ascent, expected, args, {},
                              tolerance) is None
    # Where the run stays finite, the same bug is named.
    short = {"learning_rate": 0.05, "num_iterations": 20}
    ascent = _manual(x, y, sign=+1.0, **short)
    expected = reference.call("polynomial_gradient_descent_manual", args, short)
    assert diagnosis.diagnose(reference, "polynomial_gradient_descent_manual", ascent, expected, args, short,
                              tolerance_for(torch.float32, reference.device, 20)) is mc.GRADIENT_ASCENT
