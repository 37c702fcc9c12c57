"""What a student reads: every message template of grading, in one place.

Constants are ``str.format`` templates; the functions put together the messages that
have a shape (a function name first, a misconception's explanation last). Tests and
the corpus assert fragments of this wording: import the constant, do not copy it.
The engine modules that detect each case import from here; nothing here imports them.
"""

from __future__ import annotations

# -- a notebook that cannot be graded (notebook.read_submission; the record's ``error``) ----
NOTEBOOK_MISSING = "the submission has no {name}"
NOTEBOOK_UNREADABLE = "the notebook cannot be read: {reason}"
NOTEBOOK_TOO_LARGE = "the notebook is {mib:.0f} MiB, over the {limit_mib:.0f} MiB limit"
NOTEBOOK_NOT_UTF8 = "the notebook is not UTF-8 text"
NOTEBOOK_INVALID = "the file is not a valid Jupyter notebook ({error})"
NOTEBOOK_LINK = ("`{name}` in the submission is a symbolic link, not the student's own file or folder: "
                 "the grader follows no links (submit the notebook itself)")
NOTEBOOK_NOT_A_FILE = "the notebook cannot be read: `{name}` in the submission is not a regular file"
NOTEBOOK_CODE_TOO_LARGE = "the notebook's code cells hold {mib:.1f} MiB of text, over the {limit_mib:.0f} MiB limit"
NOTEBOOK_WITHOUT_CELLS = "the notebook has no cells"
CELL_WITHOUT_SOURCE = "cell {index} has no readable source"

# -- a call or a cell that produced no value (sandbox.client, submission) -----------------
TIMEOUT_MESSAGE = "timed out after {seconds:g} s"
MEMORY_LIMIT_MESSAGE = "memory limit of {limit} exceeded"
CRASH_MESSAGE = "the Python process running your code stopped ({how})"
BROKEN_WORKER_MESSAGE = ("your code broke the Python process that runs it (for example by replacing builtins "
                         "or parts of the standard library)")
CPU_MESSAGE = "CPU time limit of {seconds} s exceeded"
BUDGET_MESSAGE = "the submission used up its total time limit of {seconds:g} s"
LEFT_RUNNING = "it left threads or processes running, so it was ended after the call"
NOT_RUN_AGAIN = "{message} (it did so twice, so its remaining checks were not run)"
DEPENDENCY_LIMIT_MESSAGE = ("`{name}` was called more than {budget} times in one call of `{function}`; in grading "
                            "it is the grader's version, which answers at most that many (the reference calls it "
                            "{count} times on these inputs)")
DEPENDENCY_GRAPH_MESSAGE = ("cannot backpropagate through this result of `{name}` again: the grader keeps the "
                            "graph of its version for one backward pass (call `{name}` again instead)")

# -- not the student's doing (the submission is graded again, then recorded as an error) ---
EXTERNAL_KILL_MESSAGE = "the student's process was killed from outside ({signal}), not by its own code"
SERVER_GONE_MESSAGE = "the sandbox server stopped ({detail})"
# Said wherever results graded in the weaker sandbox (--sandbox process, named by the instructor) appear.
WEAK_SANDBOX_WARNING = ("WARNING: student code runs in the process sandbox, not bubblewrap (--sandbox process "
                        "was named): no filesystem isolation beyond the course, /tmp and the home folders "
                        "covered (see README, Sandbox)")
INTERNAL_ERROR = "internal grader error (not caused by your code; your instructor has been told): {error}"
WORKER_ERROR = "internal grader error: {error}"


def cell_label(grade_id: str | None, source: str) -> str:
    """"the cell `train_model`" by its grade_id, else "the cell starting `import torch`"."""
    if grade_id:
        return f"the cell `{grade_id}`"
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"the cell starting `{first[:60].replace('`', chr(39))}`"


def traceback_line(cell_index: int, line: int, name: str, code: str) -> str:
    """A frame of the student's code as messages show it (``messages.raised``'s ``where``)."""
    return f"cell {cell_index}, line {line}, in {name}: {code.strip()}"


def sandbox_failed(faults: list[str]) -> str:
    return f"the sandbox failed {len(faults)} times: " + "; then ".join(faults)


# -- why a call failed, as a check reports it (expectations.explain_error) ------------------
NOT_IMPLEMENTED_MESSAGE = "`{function}` is not implemented yet (it raises NotImplementedError)"
MISSING_MESSAGE = "`{function}` is not defined in your notebook"
NETWORK_MESSAGE = "network access is not allowed in grading"
FILES_MESSAGE = "files outside your working folder cannot be read or written in grading"
SIGNAL_MESSAGE = "signalling other processes is not allowed in grading"
MEMORY_MESSAGE = "memory limit exceeded while running your code"
CHECK_FAILED = "the check failed"    # a plain ``assert`` in a check, without a message
MASKED = "…"                         # stands for a number masked in hidden wording


def explained(message: str, misconception) -> str:
    """``message`` followed by what the recognised misconception means, if one was."""
    return message if misconception is None else f"{message}\n→ {misconception.message}"


def raised(function: str, error: str, where: str = "") -> str:
    return f"`{function}` raised {error}{where}"


def forbidden(function: str, message: str, error: str) -> str:
    return f"`{function}`: {message} ({error})"


def missing(function: str, cell_label: str = "", error: str = "", where: str = "") -> str:
    message = MISSING_MESSAGE.format(function=function)
    return f"{message}; {cell_label}, which defines it, raised {error}{where}" if cell_label else message


def depends_on(function: str, failing: list[str], passing: list[str] = ()) -> str:
    """The student check's note on a failure of ``function``, which called other graded functions the
    student wrote: ``failing`` fail their own public checks, ``passing`` pass them. In grading the
    grader's versions of those functions stand in, so the failure may not be ``function``'s own."""
    if failing:
        names = ", ".join(f"`{d}`" for d in failing)
        which = "fails its own public check" if len(failing) == 1 else "fail their own public checks"
        return (f"note: `{function}` calls your {names}, which {which}; in grading `{function}` calls the grader's "
                f"{names} instead, so fix {names} first")
    names = ", ".join(f"`{d}`" for d in passing)
    return (f"note: `{function}` calls your {names}; in grading it calls the grader's {names} instead, so a "
            f"mistake there that the public checks do not catch can show up here")


# -- what a check found (expectations, computed_how) ---------------------------------------
def mismatch(function: str, description: str, what: str = "") -> str:
    return f"`{function}`{what} does not match the expected result: {description}"


def changed_in_place(function: str, path: str) -> str:
    return f"`{function}` changed its input `{path}` in place"


def caller_tensor_changed(function: str, path: str, left_grad: bool) -> str:
    what = "left a `.grad` on" if left_grad else "changed `requires_grad` of"
    return f"`{function}` {what} the caller's tensor `{path}`"


def still_attached(function: str, path: str) -> str:
    return f"`{function}` returned `{path}` still attached to the graph (requires_grad=True)"


def not_a_float(function: str, type_name: str) -> str:
    return f"`{function}` must return a Python float, got {type_name}"


def negative_error_size(function: str, value: float) -> str:
    return f"`{function}` returned a negative number ({value:.3g}): an error size is never negative"


def error_size_too_large(function: str, value: float, context: str, below: float) -> str:
    return (f"`{function}` returned {value:.3g} for {context}; numerical and autograd gradients agree there "
            f"to better than {below:g}")


def computed_otherwise(function: str, title: str, reason: str, fix: str, values_checked: bool) -> str:
    """How a result was computed is not what the exercise asks (``computed_how``)."""
    lead = f"`{function}` gives the right numbers, but" if values_checked else f"`{function}`:"
    return f"{lead} {title} ({reason})\n→ {fix}"


# -- a gradient check (findings.gradient_problem) --------------------------------------------
def not_attached(function: str, output: str, wrt: str) -> str:
    return (f"`{function}`: the result `{output}` is not attached to the graph (`.detach()`, NumPy, `.item()`?), "
            f"so no gradient flows back to `{wrt}`")


def no_gradient(function: str, wrt: str) -> str:
    return f"`{function}` returns the right values but no gradient flows to `{wrt}` (its gradient is not zero)"


def wrong_gradient(function: str, wrt: str, description: str) -> str:
    return f"`{function}` returns the right values but the wrong gradient with respect to `{wrt}` ({description})"


def gradient_outputs_differ(function: str) -> str:
    return (f"`{function}`: the tensors of the result differ in number, shape or dtype from the expected ones, "
            f"so its gradient cannot be checked")


# -- graded classes (autograder.objects, class checks) ---------------------------------------
STATE_NOT_A_DICT = "`{owner}.state_dict()` returned a `{type}`, not a dict of tensors"
STATE_NOT_A_TENSOR = ("`{owner}.state_dict()` holds a `{type}` at key {key!r}, not a tensor (a state_dict maps "
                      "parameter and buffer names to tensors)")
STATE_RAISED = "`{owner}.state_dict()` raised {error}"
NO_STATE = "`{owner}` has no `state_dict()` (is it a `torch.nn.Module` subclass?)"
OBJECT_LOST = ("the `{owner}` object built for this check is gone: the Python process running your code stopped "
               "after it was built ({why})")
STATE_KEYS = "`{owner}.state_dict()`{hint} {difference}; expected exactly the keys {expected}"


def state_keys(owner: str, got, expected, hint: str = "") -> str:
    """Which keys a state_dict lacks and which it should not have."""
    missing, extra = [k for k in expected if k not in got], [k for k in got if k not in expected]
    parts = ([f"lacks {', '.join(missing)}"] if missing else []) + ([f"also has {', '.join(extra)}"] if extra else [])
    return STATE_KEYS.format(owner=owner, hint=hint, difference=" and ".join(parts), expected=", ".join(expected))


TRAINING_CHANGED = "`{function}` left the model in {got} mode; it was in {expected} mode before the call"
BACKWARD_NOT_FINITE_DIFFERENCES = ("`{owner}.backward` disagrees with the slope of `{owner}`'s own forward values "
                                   "(central differences){where}: {description}")
