"""What checks assert and the feedback a failing assertion gives (autograder.expectations).

The student's side is a small stand-in with the submission's ``call`` (no sandbox); the
reference's side a stand-in with ``call``/``variant``. Nothing here names an assignment.
"""

from __future__ import annotations

import pytest
import torch

from autograder import expectations
from pcpt_portable import messages
from autograder.expectations import (GradingFailure, call, collecting_details, diagnose, expect_detached,
                                     expect_equal, expect_error_size, expect_inputs_unchanged,
                                     expect_reference_match, explain_error, feedback_for, recording_expectations)
from autograder.misconceptions import catalogue as mc
from autograder.results import Outcome
from autograder.sandbox import CallResult, StudentError
from pcpt_portable.tolerances import tolerance_for
from tests.helpers.fakes import Reference, Student

TOLERANCE = tolerance_for(torch.float32)


def double(x):
    return 2 * x


@pytest.fixture
def no_variants(monkeypatch):
    monkeypatch.setattr(expectations.misconceptions, "variants_for", lambda assignment, function: [])


# --- wording of a mismatch ---------------------------------------------------------------

def test_a_public_mismatch_names_the_function_the_place_and_both_values():
    with feedback_for("public"), pytest.raises(GradingFailure) as failure:
        expect_equal("double", torch.tensor([2.0, 4.5]), torch.tensor([2.0, 4.0]), TOLERANCE)
    message = failure.value.message
    assert message.startswith("`double` does not match the expected result: `result`: ")
    assert "1 of 2 elements differ" in message and "result[1]" in message
    assert "got 4.5, expected 4" in message
    assert failure.value.outcome == Outcome.FAILED


def test_a_hidden_mismatch_says_how_the_value_is_off_but_never_the_expected_value():
    with feedback_for("hidden"), pytest.raises(GradingFailure) as failure:
        expect_equal("double", torch.tensor([2.0, 8.0]), torch.tensor([2.0, 4.0]), TOLERANCE)
    message = failure.value.message
    assert "at result[1]: your value is too large by a factor of about 2" in message
    assert "4" not in message and "8" not in message


def test_hidden_wording_masks_numbers_in_the_students_own_exception():
    error = StudentError("exception", "ValueError", "shape 3.14159 does not fit 123456")
    with feedback_for("hidden"):
        hidden = explain_error("double", error).message
    with feedback_for("public"):
        public = explain_error("double", error).message
    assert "3.14159" in public and "123456" in public
    assert "3.14159" not in hidden and "123456" not in hidden and messages.MASKED in hidden
    assert hidden.startswith("`double` raised ValueError")


def test_the_wording_returns_to_public_after_a_hidden_block():
    with feedback_for("hidden"):
        pass
    error = StudentError("exception", "ValueError", "at 2.5")
    assert "2.5" in explain_error("double", error).message


# --- why a call produced no value ----------------------------------------------------------

@pytest.mark.parametrize("error, outcome, fragment", [
    (StudentError("timeout", message="timed out after 3 s"), Outcome.TIMEOUT, "`f` timed out after 3 s"),
    (StudentError("missing", "NameError"), Outcome.ERROR, messages.MISSING_MESSAGE.format(function="f")),
    (StudentError("exception", "NotImplementedError"), Outcome.ERROR,
     messages.NOT_IMPLEMENTED_MESSAGE.format(function="f")),
    (StudentError("exception", "OSError", "[Errno 101] Network is unreachable"), Outcome.ERROR,
     messages.NETWORK_MESSAGE),
    (StudentError("memory"), Outcome.ERROR, messages.MEMORY_MESSAGE),
])
def test_a_call_without_a_value_is_explained(error, outcome, fragment):
    failure = explain_error("f", error)
    assert failure.outcome == outcome and fragment in failure.message


def test_call_raises_the_explanation_and_returns_the_result_otherwise():
    student = Student(double=double)
    assert call(student, "double", args=(3,)).value == 6
    with pytest.raises(GradingFailure, match="`triple` is not defined in your notebook"):
        call(student, "triple", args=(3,))


# --- reference match and diagnosis -------------------------------------------------------------

def test_reference_match_returns_the_students_call_and_the_reference_value(no_variants):
    got, expected = expect_reference_match(Student(double=double), Reference(double=double), "double",
                                           args=(torch.tensor([1.0, 2.0]),))
    assert torch.equal(got.value, expected) and torch.equal(expected, torch.tensor([2.0, 4.0]))


def test_a_call_is_traced_only_for_a_check_that_asks_how_its_result_was_computed(no_variants):
    traced = []

    class Recording(Student):
        def call(self, function, args=(), kwargs=None, *, trace=False):
            traced.append(trace)
            return super().call(function, args, kwargs)

    expect_reference_match(Recording(double=double), Reference(double=double), "double", args=(torch.tensor([1.0]),))
    assert traced == [False]
    with pytest.raises(TypeError):   # no check can ask for the tracer's cost without a requirement that reads it
        expect_reference_match(Recording(double=double), Reference(double=double), "double",
                               args=(torch.tensor([1.0]),), trace=True)


def test_a_variant_that_reproduces_the_wrong_result_names_its_misconception(monkeypatch):
    monkeypatch.setattr(expectations.misconceptions, "variants_for",
                        lambda assignment, function: [(mc.GRADIENT_ASCENT, lambda x: -2 * x)])
    student, reference = Student(double=lambda x: -2 * x), Reference(double=double)
    with pytest.raises(GradingFailure) as failure:
        expect_reference_match(student, reference, "double", args=(torch.tensor([1.0, 2.0]),))
    assert failure.value.misconception is mc.GRADIENT_ASCENT
    assert failure.value.message.endswith(f"\n→ {mc.GRADIENT_ASCENT.message}")
    assert diagnose(reference, "double", torch.tensor([5.0]), torch.tensor([2.0]), (torch.tensor([1.0]),), {},
                    TOLERANCE) is None


def test_a_result_in_the_wrong_dtype_is_named_even_without_a_variant(no_variants):
    student = Student(double=lambda x: (2 * x).double())
    with pytest.raises(GradingFailure) as failure:
        expect_reference_match(student, Reference(double=double), "double", args=(torch.tensor([1.0]),))
    assert failure.value.misconception is mc.WRONG_DTYPE_RESULT and "dtype" in failure.value.message


def test_details_of_a_check_land_in_the_collecting_block_only(no_variants):
    def picture(got, expected):
        return {"kind": "line", "y": got.tolist()}

    with collecting_details() as details:
        expect_reference_match(Student(double=double), Reference(double=double), "double", args=(torch.tensor([1.0]),),
                               details=picture)
    assert details == [{"kind": "line", "y": [2.0]}]
    expect_reference_match(Student(double=double), Reference(double=double), "double", args=(torch.tensor([1.0]),),
                           details=picture)   # no block: nothing collected, nothing raised
    assert expectations._details_sink.get() is None


def test_recorded_expectations_carry_inputs_and_the_expected_value(no_variants):
    with recording_expectations() as records:
        expect_reference_match(Student(double=double), Reference(double=double), "double", args=(torch.tensor([1.0]),))
    (record,) = records
    assert record["kind"] == "match" and record["function"] == "double"
    assert torch.equal(record["expected"], torch.tensor([2.0])) and record["rtol"] == TOLERANCE.rtol
    with recording_expectations() as later:
        pass
    assert later == []


# --- behaviour ------------------------------------------------------------------------------------

def test_inputs_unchanged_detects_a_change_in_place():
    x = torch.tensor([1.0, 2.0])
    got = CallResult(True, inputs_after=[[torch.tensor([0.0, 2.0])], {}])
    with pytest.raises(GradingFailure) as failure:
        expect_inputs_unchanged("step", got, (x,), ["x"])
    assert failure.value.misconception is mc.INPUTS_MODIFIED
    assert messages.changed_in_place("step", "x") in failure.value.message


def test_inputs_unchanged_detects_a_grad_left_on_the_callers_tensor():
    w = torch.tensor([1.0], requires_grad=True)
    after = torch.tensor([1.0], requires_grad=True)
    after.grad = torch.tensor([3.0])
    with pytest.raises(GradingFailure) as failure:
        expect_inputs_unchanged("step", CallResult(True, inputs_after=[[after], {}]), (w,), ["w"])
    assert failure.value.misconception is mc.GRAD_LEFT_ON_INPUTS
    assert "left a `.grad` on the caller's tensor `w`" in failure.value.message


def test_inputs_unchanged_passes_when_the_call_left_them_alone():
    w = torch.tensor([1.0], requires_grad=True)
    expect_inputs_unchanged("step", CallResult(True, inputs_after=[[w.detach().clone().requires_grad_()], {}]),
                            (w,), ["w"])


def test_a_returned_tensor_still_attached_to_the_graph_fails_with_its_path():
    w = torch.tensor([1.0], requires_grad=True)
    with pytest.raises(GradingFailure) as failure:
        expect_detached("fit", (w.detach(), w * 2), labels=("w", "losses"))
    assert failure.value.misconception is mc.NOT_DETACHED and "`losses`" in failure.value.message
    expect_detached("fit", (w.detach(), (w * 2).detach()), labels=("w", "losses"))


@pytest.mark.parametrize("value, fragment, misconception", [
    (-0.5, "negative number", mc.SIGNED_ERROR),
    (0.5, "returned 0.5 for equal inputs", None),
    (torch.tensor(0.0), "must return a Python float", None),
])
def test_error_size_must_be_a_small_non_negative_float(value, fragment, misconception):
    student = Student(error=lambda: value)
    with pytest.raises(GradingFailure) as failure:
        expect_error_size(student, "error", below=1e-3, context="equal inputs")
    assert fragment in failure.value.message and failure.value.misconception is misconception
    expect_error_size(Student(error=lambda: 1e-6), "error", below=1e-3, context="equal inputs")


def test_a_huge_loss_history_costs_the_grader_a_capped_sample(no_variants):
    """A 4,000,000-entry history once made the grader build plot data entry by entry (tens of
    seconds, gigabytes); now the length fails the check and the plot data is a capped sample."""
    import resource
    import time

    def train(n):
        return torch.tensor(1.0), torch.arange(n, dtype=torch.float32)

    before, started = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.monotonic()
    with collecting_details() as details, pytest.raises(GradingFailure) as failure:
        expect_reference_match(Student(train=lambda n: train(4_000_000)), Reference(train=train), "train",
                               args=(50,), details=expectations.curve_details(1))
    assert time.monotonic() - started < 3.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024   # KiB
    assert "expected shape (50,), got (4000000,)" in failure.value.message
    (plot,) = details
    assert len(plot["student"]) == expectations.MAX_DETAIL_POINTS and plot["student_length"] == 4_000_000
    assert plot["student"][0] == 0.0 and plot["student"][-1] == 3_999_999.0
    assert plot["reference"] == [float(i) for i in range(50)] and "student_length" not in expectations.curve_details(1)(
        train(50), train(50))
