"""This course's own misconceptions: the engine's catalogue holds the generic ones.

Entries here are found by key like the engine's (in results, the report and the
feedback pages); an entry with ``error_patterns`` also names an exception message.
"""

from autograder.api import Misconception

TORCH_NDITER = Misconception.of(
    "torch_nditer", "`torch.nditer` / `torch.ndindex` do not exist (nditer is NumPy's)",
    "iterate over indices with `itertools.product(*(range(s) for s in t.shape))` or `numpy.ndindex(t.shape)`",
    r"module 'torch' has no attribute 'nd(iter|index)'")
WRONG_SEED = Misconception.of(
    "wrong_seed", "the initial values come from the wrong seed or the wrong draws",
    "follow the stated initialisation exactly (e.g. `torch.manual_seed(1)` then `torch.randn(())` for a, b, c in "
    "that order, drawn on the CPU)")
DESIGN_MATRIX_REVERSED = Misconception.of(
    "design_matrix_reversed", "the design-matrix columns are in reverse order, so the coefficients come out as (c, b, a)",
    "build the columns as [1, x, x²] so the solution reads (a, b, c)")
EARLY_STOP_AFTER_UPDATE = Misconception.of(
    "early_stop_after_update", "the run stopped after applying the update of the stopping step",
    "check the loss change right after the forward pass and stop before the update")
EARLY_STOP_OFF_BY_ONE = Misconception.of(
    "early_stop_off_by_one", "the stopping test compares the wrong losses or stops one step late",
    "stop at the first step whose loss differs from the previous step's loss by less than `loss_tol`")
VALUE_INSTEAD_OF_DERIVATIVE = Misconception.of(
    "value_instead_of_derivative", "the function's value was returned instead of its derivative",
    "call `backward()` on f(x) and return `x.grad`")
VALUES_AFTER_UPDATE = Misconception.of(
    "values_after_update", "the parameters were recorded after the update instead of at the forward pass",
    "record a and b before the update (the values the forward pass used)")
CENTRAL_DENOMINATOR = Misconception.of(
    "central_difference_denominator", "the central difference was divided by h instead of 2h",
    "the two samples are 2h apart: divide (f(p+h) − f(p−h)) by 2h")
