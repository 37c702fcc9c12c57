"""Constant-answer submissions (issue class 6): every graded function of an assignment returns
the same constant, whatever its inputs.

The constants: ``0``, ``0.0``, ``[]``, ``{}``, and, shaped like a real answer, the function's
own first answer (a correct one, which is the public check's expected value since public checks
run first), then that answer again forever, and the same structure filled with zeros or with
NaNs (four NaNs for a diverging run, say). They are graded in the session's corpus batch
(``graded_constant_answers`` in tests/conftest.py); tests/autograder/test_constant_answers.py
checks that none earns a point.
"""

import re

from autograder.samples import solutions
from tests.helpers import corpus
from tests.helpers.course import ASSIGNMENTS, COURSE, GRADED_FUNCTIONS

PLAIN = {"zero_int": "0", "zero_float": "0.0", "empty_list": "[]", "empty_dict": "{}"}
SHAPED = {"first_answer": "None", "first_answer_zeros": "0.0", "first_answer_nans": "float('nan')"}

# Appended as a cell of its own; the graded functions look it up when they are called.
LIKE_CELL = '''
import numpy as _np
import torch as _torch


def _like(value, fill):
    """``value``'s structure with every number replaced by ``fill`` (None keeps the value)."""
    if fill is None:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return fill
    if isinstance(value, _torch.Tensor):
        return _torch.full_like(value, fill) if value.is_floating_point() else value
    if isinstance(value, _np.ndarray):
        return _np.full_like(value, fill)
    if isinstance(value, (list, tuple)):
        return type(value)(_like(v, fill) for v in value)
    if isinstance(value, dict):
        return {k: _like(v, fill) for k, v in value.items()}
    return value
'''


def constant_source(function: str, kind: str, solution: str) -> str:
    if kind in PLAIN:
        return f"def {function}(*args, **kwargs):\n    return {PLAIN[kind]}\n"
    computed = re.sub(rf"\bdef {function}\(", f"def _computed_{function}(", solution, count=1)
    return (f"{computed}\n\n_first_{function} = []\n\n\n"
            f"def {function}(*args, **kwargs):\n"
            f"    if not _first_{function}:\n"
            f"        _first_{function}.append(_like(_computed_{function}(*args, **kwargs), {SHAPED[kind]}))\n"
            f"    return _first_{function}[0]\n")


def constant_cases(tmp_path) -> list[corpus.Case]:
    cases = []
    for assignment in ASSIGNMENTS:
        answers = solutions(COURSE.assignment(assignment))
        for kind in [*PLAIN, *SHAPED]:
            text = "".join(f"# %% {function}\n{constant_source(function, kind, answers[function])}\n"
                           for function in GRADED_FUNCTIONS[assignment])
            text += f"# %% new\n{LIKE_CELL}\n"
            path = tmp_path / assignment / f"constant_{kind}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            lost = {function: {} for function in GRADED_FUNCTIONS[assignment]}
            cases.append(corpus.Case(assignment, f"constant_{kind}", path, {"lost": lost}))
    return cases
