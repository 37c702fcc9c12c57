"""The engine's generic misconceptions: what went wrong, and how to fix it.

A course adds its own entries (``assignments/misconceptions.py`` and each assignment's
``misconceptions.py``); ``autograder.misconceptions.known`` lists them all.

Each entry is recognised in one or more ways (see ``autograder.diagnosis``):
- as an alternative implementation, run like the reference on the same inputs, whose
  result the student's matches (``variants`` in the per-assignment modules);
- as an exception message pattern (``error_patterns``);
- as a behaviour the checks observe (inputs changed, ``.grad`` left behind, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Misconception:
    key: str
    title: str        # what went wrong, as the student reads it
    fix: str          # how to fix it
    error_patterns: tuple[str, ...] = field(default=())
    # Calls that code with this misconception makes, in this order (each a set of alternative
    # names): where a variant's answer is only unchanged inputs, the source has to show them.
    source_order: tuple[frozenset[str], ...] = field(default=())
    # Where a variant can differ from the reference at all (e.g. a draw from the GPU's
    # generator); empty: every device. ``validate`` checks the variant only there.
    devices: tuple[str, ...] = field(default=())

    @property
    def message(self) -> str:
        return f"{self.title}: {self.fix}"

    @classmethod
    def of(cls, key: str, title: str, fix: str, *error_patterns: str) -> "Misconception":
        return cls(key, title, fix, tuple(error_patterns))


_m = Misconception.of


MISSING_FACTOR_2 = _m(
    "missing_factor_2", "the factor 2 from differentiating the square is missing",
    "d/dθ (r²) = 2·r·dr/dθ, so the gradient of the squared error carries a factor 2")
SUM_INSTEAD_OF_MEAN = _m(
    "sum_instead_of_mean", "squared errors were summed instead of averaged",
    "the mean squared error divides by the number of samples (use `.mean()`, or `.sum() / N`)")
GRADIENTS_NOT_CLEARED = _m(
    "gradients_not_cleared", "gradients accumulated across iterations",
    "clear them with `optimizer.zero_grad()` or `p.grad = None` every iteration")
GRADIENTS_CLEARED_ANYWAY = _m(
    "gradients_cleared_anyway", "gradients were cleared although `clear_grad` was False",
    "when `clear_grad` is False, leave `.grad` alone so that backward() adds to it")
ZERO_GRAD_BEFORE_STEP = Misconception(
    "zero_grad_before_step", "gradients were cleared between `backward()` and `step()`, so no update happened",
    "call `optimizer.zero_grad()` before `loss.backward()`, then `optimizer.step()`",
    source_order=(frozenset({"backward"}), frozenset({"zero_grad", "zero_"}), frozenset({"step"})))
UPDATE_TRACKED = _m(
    "update_tracked_by_autograd", "the parameter update was recorded by autograd",
    "update the leaf tensors in place inside `with torch.no_grad():` (e.g. `p -= lr * p.grad`)",
    r"a leaf Variable that requires grad is being used in an in-place operation",
    r"unsupported operand type\(s\) for [*-]: '(float|Tensor)' and 'NoneType'",
    r"unsupported operand type\(s\) for [*-]: 'NoneType' and")
CLONE_KEEPS_GRAPH = _m(
    "clone_keeps_graph", "a clone of a tensor that requires grad is still part of its graph, so it is not a leaf",
    "start from `t.detach().clone()` and then call `.requires_grad_()` on the copy",
    r"can't optimize a non-leaf Tensor")
REQUIRES_GRAD_FALSE = _m(
    "requires_grad_false", "the parameters do not require gradients, so autograd has nothing to differentiate",
    "create them with `requires_grad=True` (or call `.requires_grad_()` on a detached copy)",
    r"element 0 of tensors does not require grad and does not have a grad_fn",
    r"One of the differentiated Tensors does not require grad",
    r"does not require grad and does not have a grad_fn")
FORWARD_DIFFERENCE = _m(
    "forward_difference", "a forward difference (f(p+h) − f(p)) / h was used instead of the central difference",
    "use (f(p+h) − f(p−h)) / 2h: its error shrinks like h² instead of h")
FLOAT_DOUBLE_MIX = _m(
    "float_double_mix", "float32 and float64 tensors were mixed",
    "build new tensors with `dtype=X.dtype, device=X.device` (floats from NumPy are float64)",
    r"expected m1 and m2 to have the same dtype",
    r"float != double|double != float",
    r"expected scalar type (Float|Double) but found (Double|Float)",
    r"Found dtype (Double|Float) but expected (Float|Double)")
INPUTS_MODIFIED = _m(
    "inputs_modified", "an input tensor was modified in place",
    "work on copies (`t.detach().clone()`) instead of changing the caller's tensors")
GRAD_LEFT_ON_INPUTS = _m(
    "grad_left_on_inputs", "gradients were left on (or requires_grad changed for) the caller's tensors",
    "differentiate detached clones, or use `torch.autograd.grad`, so the caller's tensors stay as they were")
GRADIENT_ASCENT = _m(
    "gradient_ascent", "the update moves along the gradient (gradient ascent)",
    "subtract the gradient: θ ← θ − lr · ∇θ")
LOSS_AFTER_UPDATE = _m(
    "loss_after_update", "the recorded loss is measured after the update instead of at the forward pass",
    "record the loss computed in the forward pass of each iteration, before updating")
LEARNING_RATE_IGNORED = _m(
    "learning_rate_ignored", "the `learning_rate` argument is not used",
    "pass the given learning rate on instead of a fixed value")
NOT_DETACHED = _m(
    "not_detached", "a returned tensor is still attached to the autograd graph",
    "return `t.detach()` (tensors returned must not require grad)")
DETACHED_RESULT = _m(
    "detached_result", "the result (or its part that depends on this input) was computed outside autograd's graph",
    "keep the computation in torch operations on the input tensors: no `.detach()`, `.item()`, NumPy or "
    "`.tolist()` round trip, no `torch.tensor(...)` rebuilt from values and no `torch.no_grad()` around it")
PART_DETACHED = _m(
    "part_detached", "a part of the computation was cut off the graph (a `.detach()`, `.item()`, NumPy round trip "
    "or `torch.no_grad()` on one term), so its share of the gradient is missing",
    "compute every term with torch operations on the input tensors themselves")
NOT_AUTOGRAD = _m(
    "not_autograd", "the result was not computed with autograd",
    "use `requires_grad=True`, `backward()` and `.grad` (or `torch.autograd.grad`) as the exercise asks")
NO_OPTIMIZER = _m(
    "no_sgd_optimizer", "the update was not made by `torch.optim.SGD`",
    "create `torch.optim.SGD([theta], lr=lr)` and call `zero_grad()`, `backward()`, `step()`")
NO_MSE_LOSS_MODULE = _m(
    "no_mse_loss", "the error was not computed with `torch.nn.MSELoss`",
    "compute it as `torch.nn.MSELoss()(prediction, target)`")
TORCH_IN_PLAIN_PYTHON = _m(
    "torch_in_plain_python", "torch was used in the plain-Python version",
    "compute E, dE/dθ and the update with Python arithmetic only")
WRONG_DTYPE_RESULT = _m(
    "wrong_result_dtype", "the result does not keep the input's dtype",
    "create new tensors with the inputs' dtype (e.g. `torch.zeros_like(t)` or `dtype=x.dtype`)")
WRONG_DEVICE_RESULT = _m(
    "wrong_result_device", "the result does not live on the inputs' device",
    "create new tensors on the inputs' device (`device=x.device`), and draw seeded values on the CPU, then `.to(x.device)`")
GPU_RANDOM_DRAW = Misconception(
    "gpu_random_draw", "seeded initial values were drawn on the GPU",
    "draw them from the CPU generator exactly as stated, then move them with `.to(x.device)`", devices=("cuda",))

AUTOGRAD_USED = _m(
    "autograd_used", "autograd was used where the hand-derived formula is asked for",
    "compute the gradients from the hand-derived formula, without backward()")
AUTOGRAD_FOR_DIFFERENCES = _m(
    "autograd_for_numerical_gradient", "the numerical gradient was computed with autograd, not by finite differences",
    "change one element of the parameter by ±h, evaluate f, and divide the difference by 2h (no backward())")
HIDDEN_COMPUTATION = _m(
    "hidden_computation", "grading cannot read how the result is computed",
    "compute the result in the function itself (or in helpers it calls), without dynamic imports, "
    "eval/exec, threads, subprocesses, files or replaced module attributes")
OPTIMIZER_USED = _m(
    "optimizer_used", "an optimizer made the update where the exercise asks for it by hand",
    "update θ yourself inside `with torch.no_grad():` (θ -= lr * θ.grad)")

SIGNED_ERROR = _m(
    "signed_error", "the largest signed difference was taken instead of the largest absolute difference",
    "take `(numerical - analytical).abs().max()`")

GENERIC = tuple(value for value in globals().values() if isinstance(value, Misconception))
