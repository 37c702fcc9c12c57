"""The assignments this package checks, and ``check()`` for a notebook.

Each assignment's public checks are stored as data (``checks/<assignment>.json``, written
when the course was released); ``pcpt_portable.check_runner`` runs them with the grader's
own comparison, findings and messages, so a failure reads here as it reads in grading.
"""

from __future__ import annotations

import json
import sys
from importlib import resources

from pcpt_portable import check_runner
from pcpt_portable.check_runner import CheckError, Report


def assignments() -> list[str]:
    folder = resources.files(__package__) / "checks"
    return sorted(entry.name[: -len(".json")] for entry in folder.iterdir() if entry.name.endswith(".json"))


def load_assignment(name: str) -> dict:
    if name not in assignments():
        raise CheckError(f"unknown assignment {name!r}; this package checks {', '.join(assignments())}")
    return json.loads((resources.files(__package__) / "checks" / f"{name}.json").read_text())


def functions_of(name: str) -> list[str]:
    return check_runner.functions_of(load_assignment(name))


def guess_assignment(namespace: dict, function: str | None = None) -> str:
    """The assignment whose graded functions the namespace defines (or which has ``function``)."""
    candidates = [a for a in assignments() if function is None or function in functions_of(a)]
    scored = sorted(((sum(f in namespace for f in functions_of(a)), a) for a in candidates), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        raise CheckError("cannot tell which assignment this is: run your solution cells first, or name it, "
                         "e.g. check(assignment=\"gradient_basics\")")
    return scored[0][1]


def run_checks(assignment: str, namespace: dict, functions=None, cell_errors=()) -> Report:
    """Run ``assignment``'s public checks (those of ``functions`` only, if given) on ``namespace``."""
    return check_runner.run_checks(load_assignment(assignment), namespace, functions, cell_errors)


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def check(what: str | None = None, *, assignment: str | None = None, namespace: dict | None = None) -> Report:
    """Run the public checks on the functions defined in this notebook and show a report.

    ``what`` is a graded function's name (only its checks run) or an assignment's name. In
    a notebook the report shows as a table; elsewhere it is printed as text.
    """
    shell = _shell()
    if namespace is None:
        namespace = shell.user_ns if shell is not None else vars(sys.modules["__main__"])
    functions = None
    if what is not None and what in assignments():
        assignment = what
    elif what is not None:
        functions = [what]
    assignment = assignment or guess_assignment(namespace, what)
    report = run_checks(assignment, namespace, functions)
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display(_Shown(report))
    else:
        print(report.text())
    return _quiet(report, shell)


class _Shown:
    """The report as ``display`` shows it: HTML in a notebook, text where HTML cannot show."""

    def __init__(self, report: Report):
        self.report = report

    def _repr_html_(self) -> str:
        return self.report.html()

    def __repr__(self) -> str:
        return self.report.text()


def _quiet(report: Report, shell) -> Report:
    """``report``, which the cell that called ``check()`` does not show a second time as its value."""
    if shell is None:
        return report
    quiet = _QuietReport(**vars(report))
    shell.events.register("post_run_cell", quiet._cell_done)
    return quiet


class _QuietReport(Report):
    """A Report shown by ``check()`` already: as the value of that same cell it shows nothing more."""

    _in_checking_cell = True

    def _cell_done(self, *_):
        self._in_checking_cell = False
        try:
            _shell().events.unregister("post_run_cell", self._cell_done)
        except (ValueError, AttributeError):
            pass

    def _ipython_display_(self):
        if self._in_checking_cell:
            return
        from IPython.display import display

        display(_Shown(self))
