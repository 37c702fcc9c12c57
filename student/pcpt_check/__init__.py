"""Check your notebook against an assignment's public checks before you submit it.

In a notebook cell, after running your solution cells::

    from pcpt_check import check
    check()                   # every public check of the assignment
    check("derivative_at")    # only the checks of one function

From a terminal, in any folder::

    python -m pcpt_check path/to/gradient_basics.ipynb

These are the public checks only (the same inputs as the notebook's visible test cells,
with the expected values stored in this package). A failure reads as it will in grading,
with the misconception it matches where one does. Your grade also counts hidden checks
on other inputs, run when your submission is graded.
"""

from .runner import CheckError, Report, check, run_checks

__all__ = ["check", "run_checks", "Report", "CheckError"]
__version__ = "0.1.0"
