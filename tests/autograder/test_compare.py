"""pcpt_portable.compare and pcpt_portable.tolerances: structured mismatches and the tolerance policy."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import torch

from pcpt_portable.compare import Mismatch, compare
from pcpt_portable.tolerances import BASE, Tolerance, loop_factor, tolerance_for
from pcpt_portable.wire import Unsupported

TOL = tolerance_for()                 # float32 on the CPU, one step
EXACTISH = Tolerance(rtol=0.0, atol=1e-3)


def mismatch(actual, expected, tolerance=TOL, **options) -> Mismatch:
    result = compare(actual, expected, tolerance, **options)
    assert isinstance(result, Mismatch), f"expected a mismatch, got {result!r}"
    return result


# --- equal values ----------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    1.5, 3, True, None, [1.0, 2.0], (1.0, [2, 3]), {"w": 1.0, 0.1: (2.0,)}, [],
    torch.tensor(1.0), torch.zeros(2, 3), torch.tensor([1, 2]), torch.zeros(0, dtype=torch.float64),
    [torch.ones(2), {"b": torch.tensor(2.0)}],
], ids=repr)
def test_a_value_matches_itself(value):
    assert compare(value, value, TOL) is None


def test_differences_within_tolerance_pass_and_just_outside_fail():
    assert compare(1.0009, 1.0, EXACTISH) is None
    assert compare(torch.tensor([1.0009]), torch.tensor([1.0]), EXACTISH) is None
    assert mismatch(1.0011, 1.0, EXACTISH).kind == "values"
    assert mismatch(torch.tensor([1.0011]), torch.tensor([1.0]), EXACTISH).kind == "values"


def test_relative_tolerance_scales_with_the_expected_value():
    relative = Tolerance(rtol=1e-3, atol=0.0)
    assert compare(1000.9, 1000.0, relative) is None
    assert compare(1.0009, 1.0, relative) is None
    assert compare(0.0009, 0.0, relative) is not None


# --- attribute order: type -> length/keys -> shape -> dtype -> device -> values ---------

def test_type_is_reported_before_anything_else():
    assert mismatch({"a": 1.0}, [1.0, 2.0]).kind == "type"
    assert mismatch(5.0, torch.zeros(3)).kind == "type"
    assert mismatch("text", 1.0).kind == "type"


def test_length_is_reported_before_element_values():
    result = mismatch([9.0, 9.0, 9.0], [1.0, 2.0], path="losses")
    assert (result.kind, result.path) == ("length", "losses")
    assert result.detail == "expected 2 items, got 3"
    # Hidden wording keeps the expected count back: it can follow from hidden inputs.
    assert result.describe(hidden=True) == "`losses`: 3 items, too many"


def test_a_loop_one_epoch_short_is_reported_as_a_short_history_not_as_a_wrong_weight():
    expected = (torch.tensor([1.0, 2.0]), torch.tensor([0.5]), [float(k) for k in range(50)])
    one_epoch_short = (torch.tensor([0.9, 1.8]), torch.tensor([0.4]), [float(k) for k in range(49)])
    result = mismatch(one_epoch_short, expected, labels=("w", "b", "losses"))
    assert (result.kind, result.path) == ("length", "losses")
    assert result.detail == "expected 50 items, got 49"
    # Hidden wording: the student's count and the direction, never the expected count.
    assert result.describe(hidden=True) == "`losses`: 49 items, too few"
    assert mismatch([1.0] * 3, [1.0, 2.0], path="losses").describe(hidden=True) == "`losses`: 3 items, too many"


def test_the_structure_of_every_part_comes_before_any_value():
    expected = {"w": torch.zeros(2), "history": [(1.0, 2.0), (3.0, 4.0)]}
    assert mismatch({"w": torch.ones(2), "history": [(1.0, 2.0), (3.0,)]}, expected).path == "result['history'][1]"
    assert mismatch((5.0, torch.zeros(3)), (1.0, torch.zeros(2))).kind == "shape"
    assert mismatch((5.0, torch.zeros(2, dtype=torch.float64)), (1.0, torch.zeros(2))).kind == "dtype"
    assert mismatch((5.0, torch.zeros(2)), (1.0, torch.zeros(2))).kind == "values"


def test_keys_are_reported_before_values():
    result = mismatch({"w": 9.0, "c": 9.0}, {"w": 1.0, "b": 2.0})
    assert result.kind == "keys"
    assert "missing keys 'b'" in result.detail and "unexpected keys 'c'" in result.detail


def test_shape_is_reported_before_dtype_and_device():
    actual = torch.zeros(3, dtype=torch.float64, device="meta")
    result = mismatch(actual, torch.ones(2))
    assert result.kind == "shape"
    assert result.detail == "expected shape (2,), got (3,)"


def test_dtype_is_reported_before_device_and_values():
    result = mismatch(torch.zeros(2, dtype=torch.float64, device="meta"), torch.ones(2))
    assert result.kind == "dtype"
    assert "torch.float32" in result.detail and "torch.float64" in result.detail


def test_device_is_reported_before_values():
    result = mismatch(torch.zeros(2, device="meta"), torch.ones(2))
    assert result.kind == "device"
    assert "expected a tensor on cpu, got one on meta" in result.detail


def test_values_come_last():
    result = mismatch(torch.zeros(2), torch.ones(2))
    assert result.kind == "values"


def test_a_tensor_of_another_dtype_is_a_dtype_mismatch_even_with_equal_values():
    assert mismatch(torch.tensor([1, 2]), torch.tensor([1.0, 2.0])).kind == "dtype"
    assert mismatch(torch.tensor([1.0], dtype=torch.float64), torch.tensor([1.0])).kind == "dtype"


# --- paths and labels ------------------------------------------------------------------

def test_labels_name_the_elements_of_a_top_level_tuple():
    expected = (torch.tensor([1.0, 2.0]), 0.5, [0.1, 0.2, 0.3, 0.4, 0.5])
    labels = ("w", "b", "losses")
    wrong_w = mismatch((torch.tensor([1.0, 3.0]), 0.5, [0.1, 0.2, 0.3, 0.4, 0.5]), expected, labels=labels)
    assert wrong_w.path == "w" and str(wrong_w).startswith("`w`: ")
    wrong_b = mismatch((torch.tensor([1.0, 2.0]), 0.7, [0.1, 0.2, 0.3, 0.4, 0.5]), expected, labels=labels)
    assert wrong_b.path == "b"
    wrong_loss = mismatch((torch.tensor([1.0, 2.0]), 0.5, [0.1, 0.2, 0.3, 0.9, 0.5]), expected, labels=labels)
    assert wrong_loss.path == "losses"
    assert "at losses[3]: got 0.9, expected 0.4" in wrong_loss.detail


def test_without_labels_paths_are_indices_under_result():
    result = mismatch((1.0, [2.0, torch.tensor([1.0, 2.0])]), (1.0, [2.0, torch.tensor([1.0, 5.0])]))
    assert result.path == "result[1][1]"
    assert "at result[1][1][1]" in result.detail


def test_labels_apply_only_at_the_top_level():
    result = mismatch(([1.0, (2.0, 9.0)],), ([1.0, (2.0, 3.0)],), labels=("pair",))
    assert result.path == "pair[1]"
    assert "at pair[1][1]" in result.detail


def test_float_dict_keys_appear_in_the_path():
    result = mismatch({0.1: 1.0, 0.01: 3.0}, {0.1: 1.0, 0.01: 2.0})
    assert result.path == "result[0.01]"


def test_string_dict_keys_appear_quoted_in_the_path():
    assert mismatch({"w": torch.ones(2)}, {"w": torch.zeros(2)}, path="params").path == "params['w']"


def test_custom_path_is_used_for_a_plain_value():
    assert mismatch(2.0, 1.0, path="grad_w").path == "grad_w"


# --- counts and the greatest difference ------------------------------------------------

def test_tensor_mismatch_counts_elements_and_names_the_greatest_difference():
    actual = torch.tensor([[1.0, 2.6], [3.0, 9.0]])
    expected = torch.tensor([[1.0, 2.5], [3.0, 4.0]])
    result = mismatch(actual, expected, path="w")
    assert (result.mismatched, result.total) == (2, 4)
    assert result.greatest_difference == pytest.approx(5.0)
    assert result.tolerance == TOL
    assert result.detail.startswith("2 of 4 elements differ; the greatest difference is at w[1, 1]: got 9, expected 4")
    assert "allowed" in result.detail


def test_greatest_difference_is_the_largest_not_the_first():
    result = mismatch(torch.tensor([1.5, 2.0, 13.0, 4.1]), torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert "at result[2]: got 13, expected 3" in result.detail
    assert result.mismatched == 3 and result.greatest_difference == pytest.approx(10.0)


def test_float_list_mismatch_counts_entries():
    result = mismatch([0.5, 0.4, 0.3, 0.9], [0.5, 0.4, 0.3, 0.2], path="losses")
    assert (result.mismatched, result.total) == (1, 4)
    assert result.detail.startswith("1 of 4 entries differ; the greatest difference is at losses[3]")
    assert result.greatest_difference == pytest.approx(0.7)


def test_single_value_mismatch_gives_got_expected_difference_and_allowance():
    result = mismatch(2.0, 1.0, Tolerance(rtol=0.0, atol=0.01))
    assert result.detail == "got 2, expected 1 (difference 1, allowed 0.01)"
    assert (result.mismatched, result.total) == (1, 1)


def test_integer_tensors_are_compared_exactly_whatever_the_tolerance():
    loose = Tolerance(rtol=1.0, atol=100.0)
    result = mismatch(torch.tensor([1, 5, 3]), torch.tensor([1, 2, 3]), loose)
    assert result.detail == "1 of 3 elements differ; the greatest difference is at result[1]: got 5, expected 2"
    assert result.greatest_difference == 3


def test_nan_counts_as_the_greatest_difference():
    result = mismatch(torch.tensor([1.0, math.nan, 2.5]), torch.tensor([1.0, 1.0, 5.0]))
    assert "at result[1]: got nan" in result.detail
    assert result.mismatched == 2 and result.greatest_difference == math.inf


# --- float vs tensor -------------------------------------------------------------------

def test_when_a_float_is_expected_and_a_tensor_comes_back_the_mismatch_says_use_item():
    result = mismatch(torch.tensor(0.5), 0.5)
    assert result.kind == "type"
    assert "expected a Python float, got a tensor of shape ()" in result.detail
    assert "`.item()`" in result.detail


def test_scalars_as_float_accepts_a_one_element_tensor_by_its_value():
    assert compare(torch.tensor([0.5]), 0.5, TOL, scalars_as_float=True) is None
    assert compare(torch.tensor(0.5), 0.5, TOL, scalars_as_float=True) is None
    assert mismatch(torch.tensor(0.7), 0.5, scalars_as_float=True).kind == "values"
    larger = mismatch(torch.tensor([0.5, 0.5]), 0.5, scalars_as_float=True)
    assert larger.kind == "type" and "`.item()`" in larger.detail


def test_when_a_tensor_is_expected_and_a_float_comes_back_the_mismatch_says_so():
    result = mismatch(0.5, torch.tensor(0.5))
    assert result.kind == "type" and result.detail == "expected a tensor, got a float"


def test_when_a_tensor_is_expected_and_an_ndarray_comes_back_the_hint_is_from_numpy():
    result = mismatch(np.zeros(2, dtype=np.float32), torch.zeros(2))
    assert result.kind == "type" and "torch.from_numpy" in result.detail


def test_numpy_float32_scalar_is_not_a_python_float():
    assert mismatch(np.float32(0.5), 0.5).kind == "type"


# --- ints, bools, None -----------------------------------------------------------------

def test_an_int_is_accepted_where_a_float_is_expected():
    assert compare(3, 3.0, TOL) is None
    assert mismatch(4, 3.0).kind == "values"


def test_a_bool_is_not_accepted_where_a_float_is_expected():
    result = mismatch(True, 1.0)
    assert result.kind == "type" and "got a bool" in result.detail


def test_a_bool_is_not_accepted_where_an_int_is_expected():
    assert mismatch(True, 1).kind == "values"
    assert compare(1, 1, TOL) is None
    assert compare(1.0, 1, TOL) is None
    assert mismatch(2, 1).detail == "got 2, expected 1"


def test_an_int_is_not_accepted_where_a_bool_is_expected():
    assert mismatch(1, True).kind == "values"
    assert mismatch(False, True).detail == "got False, expected True"
    assert compare(False, False, TOL) is None


def test_none_only_matches_none():
    assert compare(None, None, TOL) is None
    assert mismatch(0, None).kind == "values"
    assert mismatch(None, 0.0).kind == "type"


# --- sequences -------------------------------------------------------------------------

def test_lists_and_tuples_are_interchangeable_by_default():
    assert compare([1.0, 2.0], (1.0, 2.0), TOL) is None
    assert compare((1.0, [2.0]), [1.0, (2.0,)], TOL) is None


def test_without_sequences_interchangeable_the_sequence_type_must_match():
    result = mismatch([1.0, 2.0], (1.0, 2.0), sequences_interchangeable=False)
    assert result.kind == "type" and result.detail == "expected a tuple of 2 items, got a list"
    nested = mismatch((1.0, (2.0,)), (1.0, [2.0]), sequences_interchangeable=False)
    assert nested.path == "result[1]"


def test_a_bool_inside_a_float_list_is_a_type_mismatch():
    result = mismatch([1.0, True], [1.0, 1.0])
    assert (result.kind, result.path) == ("type", "result[1]")


def test_ints_inside_a_float_list_are_accepted():
    assert compare([1, 2.0], [1.0, 2.0], TOL) is None


# --- non-finite values -----------------------------------------------------------------

@pytest.mark.parametrize("wrap", [float, lambda v: torch.tensor([v]), lambda v: [1.0, v]],
                         ids=["float", "tensor", "list"])
class TestNonFinite:
    def test_nan_against_a_finite_value_always_fails(self, wrap):
        assert mismatch(wrap(math.nan), wrap(1.0)).kind == "values"
        assert mismatch(wrap(math.nan), wrap(1.0), nonfinite_equivalent=True).kind == "values"
        assert mismatch(wrap(1.0), wrap(math.nan), nonfinite_equivalent=True).kind == "values"

    def test_a_finite_value_against_a_diverged_reference_fails(self, wrap):
        assert mismatch(wrap(1e30), wrap(math.inf), nonfinite_equivalent=True).kind == "values"

    def test_inf_against_minus_inf_fails_without_the_option(self, wrap):
        assert mismatch(wrap(-math.inf), wrap(math.inf)).kind == "values"
        assert mismatch(wrap(math.nan), wrap(math.inf)).kind == "values"

    def test_any_non_finite_matches_a_diverged_reference_with_the_option(self, wrap):
        for actual in (math.inf, -math.inf, math.nan):
            for expected in (math.inf, -math.inf, math.nan):
                assert compare(wrap(actual), wrap(expected), TOL, nonfinite_equivalent=True) is None

    def test_same_infinity_and_nan_with_nan_match_without_the_option(self, wrap):
        assert compare(wrap(math.inf), wrap(math.inf), TOL) is None
        assert compare(wrap(math.nan), wrap(math.nan), TOL) is None


# --- Unsupported and unknown reference types -------------------------------------------

@pytest.mark.parametrize("expected", [1.0, torch.zeros(2), [1.0], {"a": 1.0}, 3, None])
def test_an_unsupported_value_is_a_type_mismatch_that_says_it_cannot_be_graded(expected):
    result = mismatch(Unsupported("builtins.generator"), expected)
    assert result.kind == "type"
    assert "an object of type builtins.generator" in result.detail
    assert "cannot be graded" in result.detail


def test_an_unsupported_value_inside_a_container_is_reported_at_its_path():
    result = mismatch((1.0, [Unsupported("mod.Thing")]), (1.0, [2.0]), labels=("a", "b"))
    assert result.path == "b[0]" and "mod.Thing" in result.detail


def test_a_reference_of_an_unknown_type_is_a_grader_error():
    with pytest.raises(TypeError, match="ndarray"):
        compare(np.zeros(2), np.zeros(2), TOL)


# --- dicts -----------------------------------------------------------------------------

def test_a_dict_must_be_a_dict():
    result = mismatch([("w", 1.0)], {"w": 1.0})
    assert result.kind == "type" and result.detail == "expected a dict, got a list"


def test_missing_and_unexpected_keys_are_listed():
    result = mismatch({0.2: 1.0}, {0.1: 1.0, 0.01: 2.0})
    assert result.detail == "missing keys 0.1, 0.01; unexpected keys 0.2"
    only_missing = mismatch({}, {"w": 1.0})
    assert only_missing.detail == "missing keys 'w'"


def test_unexpected_keys_are_capped_at_five():
    result = mismatch({i: 1.0 for i in range(10)}, {})
    assert result.detail == "unexpected keys 0, 1, 2, 3, 4"


def test_dict_values_are_compared_in_the_references_order():
    result = mismatch({"b": 9.0, "a": 9.0}, {"a": 1.0, "b": 2.0})
    assert result.path == "result['a']"


# --- Mismatch --------------------------------------------------------------------------

def test_mismatch_str_is_the_path_and_the_detail():
    assert str(Mismatch("losses[3]", "values", "got 1, expected 2")) == "`losses[3]`: got 1, expected 2"


# --- known bugs ------------------------------------------------------------------------

def test_differing_bool_tensors_are_a_values_mismatch():
    result = mismatch(torch.tensor([True, False]), torch.tensor([True, True]))
    assert result.kind == "values" and result.mismatched == 1


def test_a_huge_int_where_a_float_is_expected_is_a_mismatch_not_a_crash():
    assert mismatch(10**400, 1.0).kind == "values"


# --- tolerances ------------------------------------------------------------------------

def test_default_tolerance_is_torch_testings_float32_default():
    assert tolerance_for() == Tolerance(rtol=1.3e-6, atol=1e-5)
    assert tolerance_for(torch.float64) == Tolerance(rtol=1e-7, atol=1e-7)


def test_float64_is_tighter_than_float32_which_is_tighter_than_half_precision():
    f64, f32 = tolerance_for(torch.float64), tolerance_for(torch.float32)
    f16, bf16 = tolerance_for(torch.float16), tolerance_for(torch.bfloat16)
    assert f64.rtol < f32.rtol < f16.rtol < bf16.rtol
    assert f64.atol < f32.atol <= f16.atol


def test_unknown_dtypes_use_the_float32_base():
    assert tolerance_for(torch.int64) == tolerance_for(torch.float32)


@pytest.mark.parametrize("dtype", list(BASE), ids=str)
@pytest.mark.parametrize("cuda", ["cuda", "cuda:1", torch.device("cuda", 0)], ids=str)
def test_cuda_is_looser_than_cpu(dtype, cuda):
    on_cpu, on_cuda = tolerance_for(dtype, "cpu"), tolerance_for(dtype, cuda)
    assert on_cuda.rtol > on_cpu.rtol and on_cuda.atol > on_cpu.atol
    assert tolerance_for(dtype, torch.device("cpu")) == on_cpu


def test_an_unknown_device_is_treated_as_loosely_as_cuda():
    assert tolerance_for(device="mps") == tolerance_for(device="cuda")


def test_longer_loops_are_looser_and_monotone():
    previous = tolerance_for(steps=0)
    assert previous == tolerance_for(steps=1) == tolerance_for()
    for steps in range(2, 2001):
        current = tolerance_for(steps=steps)
        assert current.rtol > previous.rtol and current.atol > previous.atol
        previous = current


def test_loop_growth_is_like_the_square_root_of_the_steps():
    assert loop_factor(1) == 1.0
    assert loop_factor(400) / loop_factor(100) == pytest.approx(2.0)
    assert tolerance_for(steps=100).rtol == pytest.approx(tolerance_for().rtol * loop_factor(100))


def test_factors_multiply():
    combined = tolerance_for(torch.float32, "cuda", 100)
    base = tolerance_for(torch.float32, "cpu", 1)
    factor = (tolerance_for(device="cuda").rtol / base.rtol) * loop_factor(100)
    assert combined.rtol == pytest.approx(base.rtol * factor)
    assert combined.atol == pytest.approx(base.atol * factor)


def test_scaled_multiplies_both_and_leaves_the_original_alone():
    original = Tolerance(rtol=1e-6, atol=1e-5)
    scaled = original.scaled(10)
    assert scaled == Tolerance(rtol=pytest.approx(1e-5), atol=pytest.approx(1e-4))
    assert original == Tolerance(rtol=1e-6, atol=1e-5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        original.rtol = 1.0


def test_allows_is_atol_plus_rtol_times_the_expected_magnitude():
    tolerance = Tolerance(rtol=0.01, atol=0.5)
    assert tolerance.allows(0.0, -100.0) == pytest.approx(1.5)
    assert tolerance.allows(123.0, 0.0) == pytest.approx(0.5)


def test_tolerance_str():
    assert str(Tolerance(rtol=1.3e-6, atol=1e-5)) == "rtol=1.3e-06, atol=1e-05"


def test_scaling_a_tolerance_changes_what_compare_accepts():
    assert compare(1.0005, 1.0, EXACTISH.scaled(0.1)) is not None
    assert compare(1.0005, 1.0, EXACTISH) is None
