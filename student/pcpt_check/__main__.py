"""python -m pcpt_check NOTEBOOK [FUNCTION ...] [--assignment NAME]

Exit status: 0 when every public check passes, 1 when one fails, 2 when the notebook
or the request cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .notebook import NotebookFileError, run_notebook
from .runner import CheckError, assignments, guess_assignment, run_checks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pcpt_check",
        description="Run an assignment's public checks on your notebook before you submit it. "
                    "Hidden checks on other inputs also count when your submission is graded.")
    parser.add_argument("notebook", help="your notebook, e.g. gradient_basics.ipynb")
    parser.add_argument("functions", nargs="*", metavar="FUNCTION", help="check only these graded functions")
    parser.add_argument("--assignment", choices=assignments(), metavar="NAME",
                        help=f"the assignment ({', '.join(assignments())}); guessed from the file name otherwise")
    args = parser.parse_args(argv)
    path = Path(args.notebook)
    try:
        namespace, cell_errors = run_notebook(path)
        assignment = args.assignment or next((a for a in assignments() if a in path.stem), None) \
            or guess_assignment(namespace)
        report = run_checks(assignment, namespace, args.functions or None, cell_errors)
    except (NotebookFileError, CheckError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.text())
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
