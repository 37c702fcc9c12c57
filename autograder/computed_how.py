"""Was a result computed the way its exercise asks? Three witnesses, each must agree.

1. Names the call used (``worker.tracing``'s counter of torch calls in the calling thread,
   optimizer steps and module forwards): cheap, and they give the clearest message.
2. The function's own source, read in the grading process (``source_evidence``): student
   code cannot change it. It must show the facility the exercise asks for (a
   ``backward()``/``torch.autograd.grad`` call, ``torch.optim.SGD``, ``torch.nn.MSELoss``)
   or must not reach what it forbids (torch, autograd, or constructs that hide what runs).
3. Behaviour in the whole student process (``worker.tracing``'s evidence): the facility
   acted on the values returned (the returned gradient is one a backward pass produced
   for a leaf holding the input, the returned θ is one an SGD step at the given rate
   produced, E is one an MSELoss forward produced), and no torch operator or backward
   pass ran in any thread where the exercise forbids it.

A dummy call (``torch.zeros(1, requires_grad=True).sum().backward()``) satisfies 1 and 2
but not 3; torch run in a helper thread hides from 1 but not from 2 or 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch

from pcpt_portable.messages import computed_otherwise
from .misconceptions import catalogue as mc
from .source_evidence import TORCH_INTERNALS, SourceFacts, function_facts

# Autograd's entry points, torch.func's transforms included (``torch.func.grad_and_value`` is autograd too).
AUTOGRAD_CALLS = frozenset({"backward", "grad", "grad_and_value", "vjp", "jvp", "linearize", "jacobian", "jacrev",
                            "jacfwd", "hessian"})
# What plain Python may import: everything else could compute with torch out of the reader's sight.
PLAIN_PYTHON_MODULES = frozenset({"math", "cmath", "fractions", "decimal", "operator", "functools", "itertools",
                                  "numbers", "statistics", "typing", "dataclasses", "collections", "numpy"})
# Evidence and returned values come from the same computation; inputs pass through float32.
RTOL, ATOL = 1e-5, 1e-7


@dataclass(frozen=True)
class Requirement:
    misconception: mc.Misconception
    any_of: tuple = ()    # recorded names, one of which must appear ("torch:backward", "optimizer:SGD")
    none_of: tuple = ()   # recorded name prefixes none of which may appear ("torch", "optimizer")
    source: Callable[[SourceFacts], str | None] | None = None       # why the source disagrees, or None
    behaviour: Callable[..., str | None] | None = None              # (evidence, value, args, kwargs) -> why, or None
    # For requirements that forbid something: the source must not hide what it runs
    # either (escapes, and imports outside ``modules`` when given).
    forbids: bool = False
    modules: frozenset | None = None


class Hidden(str):
    """A reason that says grading cannot see how the result is computed (not that it is wrong)."""


# -- matching evidence with values ------------------------------------------------------------

def _numbers(value) -> torch.Tensor | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return torch.tensor([float(value)], dtype=torch.float64)
    if isinstance(value, torch.Tensor) and (value.is_floating_point() or not value.is_complex()):
        return value.detach().reshape(-1).to(device="cpu", dtype=torch.float64)
    return None


def _close(a, b) -> bool:
    a, b = _numbers(a), _numbers(b)
    return (a is not None and b is not None and a.numel() == b.numel() > 0
            and bool(torch.isfinite(a).all()) and torch.allclose(a, b, rtol=RTOL, atol=ATOL))


def _pick(value, path):
    for index in path:
        try:
            value = value[index]
        except (TypeError, IndexError, KeyError):
            return None
    return value


def _argument(args, kwargs, position: int, name: str):
    return kwargs[name] if name in kwargs else (args[position] if position < len(args) else None)


# -- the requirements ---------------------------------------------------------------------------

def _source_calls(names: frozenset, what: str):
    def check(facts: SourceFacts) -> str | None:
        return None if facts.called & names else f"its source never calls {what}"
    return check


def _uses(names) -> str:
    return "its source uses " + ", ".join(f"`{name}`" for name in names[:4])


def _source_avoids(forbidden: Callable[[SourceFacts], list[str]]):
    def check(facts: SourceFacts) -> str | None:
        found = forbidden(facts)
        return _uses(found) if found else None
    return check


def uses_autograd(gradient: tuple = (), of_argument: tuple[int, str] = (0, "x")) -> Requirement:
    """The gradient at ``gradient`` (a path into the result) came from a backward pass whose
    leaf held the argument ``of_argument`` (position, name)."""

    def behaviour(evidence, value, args, kwargs):
        returned, start = _pick(value, gradient), _argument(args, kwargs, *of_argument)
        for event in evidence.get("autograd", []):
            for leaf, grad in event.get("leaves", []):
                if _close(grad, returned) and _close(leaf, start):
                    return None
        return (f"no backward pass in the call produced the returned gradient for a tensor holding "
                f"`{of_argument[1]}`")

    return Requirement(mc.NOT_AUTOGRAD, any_of=("torch:backward", "torch:grad"),
                       source=_source_calls(AUTOGRAD_CALLS, "`backward()` or `torch.autograd.grad`"),
                       behaviour=behaviour)


def uses_sgd(updated: tuple[tuple, ...], rate: tuple[int, str]) -> Requirement:
    """Every value at the paths ``updated`` is a parameter as a ``torch.optim.SGD`` step at the
    learning rate of argument ``rate`` (position, name) left it."""

    def behaviour(evidence, value, args, kwargs):
        lr = _argument(args, kwargs, *rate)
        steps = [step for step in evidence.get("sgd", []) if _close(step.get("lr"), lr)]
        for path in updated:
            returned = _pick(value, path)
            if not any(_close(after, returned) for step in steps for _, after in step.get("params", [])):
                label = "the returned result" if not path else f"the returned value [{', '.join(map(str, path))}]"
                return f"no `torch.optim.SGD` step with lr={lr:g} in the call produced {label}"
        return None

    return Requirement(mc.NO_OPTIMIZER, any_of=("optimizer:SGD",),
                       source=_source_calls(frozenset({"SGD"}), "`torch.optim.SGD`"), behaviour=behaviour)


def uses_mse_loss(error: tuple) -> Requirement:
    """The error at path ``error`` is the output of a ``torch.nn.MSELoss`` forward."""

    def behaviour(evidence, value, args, kwargs):
        returned = _pick(value, error)
        if any(_close(output, returned) for output in evidence.get("mse", [])):
            return None
        return "no `torch.nn.MSELoss` forward in the call produced the returned error"

    return Requirement(mc.NO_MSE_LOSS_MODULE, any_of=("module:MSELoss",),
                       source=_source_calls(frozenset({"MSELoss"}), "`torch.nn.MSELoss`"), behaviour=behaviour)


def no_optimizer() -> Requirement:
    return Requirement(mc.OPTIMIZER_USED, none_of=("optimizer",),
                       source=lambda facts: "its source uses `torch.optim`" if "optim" in facts.names else None)


def _unobserved(evidence) -> Hidden | None:
    """Why the whole-process record cannot vouch for the call, if it cannot."""
    if not evidence.get("intact", False):
        return Hidden("the call stopped or replaced grading's recorder of torch operations")
    if evidence.get("children", 0.0) > 0:
        return Hidden("a child process ran during the call")
    if evidence.get("threads", 0) > 0:  # what such a thread runs meanwhile is not the call's to account for
        return Hidden("a thread the notebook started was running during the call")
    return None


def no_torch() -> Requirement:
    """Plain Python: no torch in the source, and no torch operator in any thread during the call."""

    def behaviour(evidence, value, args, kwargs):
        if evidence.get("ops", 0):
            return f"{evidence['ops']} torch operations ran during the call (counted in every thread)"
        return _unobserved(evidence)

    return Requirement(mc.TORCH_IN_PLAIN_PYTHON, none_of=("torch",),
                       source=_source_avoids(lambda facts: ["torch"] if {"torch"} & (facts.modules | facts.names)
                                             else []),
                       behaviour=behaviour, forbids=True, modules=PLAIN_PYTHON_MODULES)


def no_autograd() -> Requirement:
    """Hand-derived formulas: no autograd in the source, and no backward pass in any thread."""

    def behaviour(evidence, value, args, kwargs):
        if evidence.get("autograd") or evidence.get("backward_ops", 0):
            return "a backward pass ran during the call (counted in every thread)"
        return _unobserved(evidence)

    return Requirement(mc.AUTOGRAD_USED, none_of=("torch:backward", "torch:grad"),
                       source=_source_avoids(lambda facts: sorted(facts.called & AUTOGRAD_CALLS)),
                       behaviour=behaviour, forbids=True)


# -- checking ------------------------------------------------------------------------------------

def _failure(function: str, requirement: Requirement, reason: str, values_checked: bool):
    from .expectations import GradingFailure

    found = mc.HIDDEN_COMPUTATION if isinstance(reason, Hidden) else requirement.misconception
    return GradingFailure(computed_otherwise(function, found.title, reason, found.fix, values_checked),
                          misconception=found)


def _names_reason(requirement: Requirement, used: dict) -> str | None:
    def matching(prefixes):
        return sorted(n for n in used if any(n == p or n.startswith(p + ":") for p in prefixes))

    if requirement.any_of and not matching(requirement.any_of):
        wanted = " / ".join(name.split(":")[-1] for name in requirement.any_of)
        return f"the call never used {wanted}"
    if requirement.none_of and matching(requirement.none_of):
        return "the call used " + ", ".join(f"`{n.split(':', 1)[-1]}`" for n in matching(requirement.none_of)[:4])
    return None


def source_reason(submission, function: str, requirement: Requirement, evidence=None) -> str | None:
    """Why the function's source contradicts ``requirement`` (None when it agrees or cannot be read:
    nbgrader's in-process checks have no cells). The source read is that of the code the call
    ran, as the student process names it in ``evidence["identity"]``."""
    cells = getattr(submission, "cells", None)
    if cells is None or requirement.source is None:
        return None
    identity = (evidence or {}).get("identity")
    if not isinstance(identity, dict):
        return Hidden("the student process did not say which code the call ran")
    facts = function_facts(cells, function, identity)
    if facts.unreadable:
        return Hidden(facts.unreadable)
    if not facts.found:
        return Hidden(f"no top-level `def {function}` was found in the notebook's cells for grading to read")
    if facts.replaced:
        return Hidden(f"the notebook replaces {', '.join(f'`{name}`' for name in sorted(facts.replaced)[:4])}, "
                      f"which `{function}` uses")
    reason = requirement.source(facts)
    if reason:
        return reason
    internals = sorted(facts.names & TORCH_INTERNALS)
    if internals:  # grading's recorders live there: evidence of any facility could be written, not made
        return Hidden(_uses(internals) + ", where grading's recorders of torch operations live")
    if not requirement.forbids:
        return None
    hidden = facts.escapes
    if requirement.modules is not None:
        hidden += sorted(f"import {m}" for m in facts.modules - requirement.modules - {"torch"}
                         if f"import {m}" not in hidden)
    return Hidden(_uses(hidden) + ", which hides from grading what runs") if hidden else None


def expect_computed_as_asked(submission, function: str, got, requirements, args, kwargs) -> None:
    """Names and source, checked before the values (they explain a wrong value best)."""
    for requirement in requirements:
        reason = (_names_reason(requirement, got.api or {})
                  or source_reason(submission, function, requirement, got.evidence))
        if reason:
            raise _failure(function, requirement, reason, values_checked=False)


def expect_behaviour_as_asked(function: str, got, requirements, args, kwargs) -> None:
    """Whole-process evidence that ties the facility to the values; checked once they are right."""
    for requirement in requirements:
        if requirement.behaviour is None:
            continue
        reason = requirement.behaviour(got.evidence or {}, got.value, args, kwargs)
        if reason:
            raise _failure(function, requirement, reason, values_checked=True)
