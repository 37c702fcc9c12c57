"""Command line (documented in docs/interface.md):

    python -m autograder grade NOTEBOOK --assignment NAME [--device auto|cpu|cuda] [--json]
    python -m autograder check NOTEBOOK [--assignment NAME]         (public checks only)
    python -m autograder batch SUBMITTED_DIR --assignment NAME [--workers N] [--device ...] [--out DIR]
                                    [--scheduler ADDRESS] [--reference-cache DIR]
    python -m autograder export --format canvas|gradescope|long [--out PATH] [GRADING_DIR]
    python -m autograder release [NAME ...]                          (nbgrader releases, student package)
    python -m autograder demo                                        (the whole job on sample data)
    python -m autograder audit NAME [--function F] [--json FILE] [--workers N] [--device ...]
                                    (check strength: grade mutants of the solution)

Exit status: 0 when grading ran (whatever the scores), 1 when it could not run or, for
``check``, when a public check fails, or, for ``audit``, when a mutant survives that is not
declared equivalent; 2 for a bad request (a missing file, a file that
is not a notebook, an unknown assignment, a bad setting).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .assignments import ASSIGNMENTS, validate
from .errors import AutograderError, require_notebook
from .settings import load_settings


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="grading device (default: auto)")
    parser.add_argument("--seed", type=int, help="base seed of the hidden inputs")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "process"), help="isolation for student code")
    parser.add_argument("--call-timeout", type=float, help="seconds per call of a graded function")
    parser.add_argument("--submission-timeout", type=float, help="seconds per submission")
    parser.add_argument("--memory-limit-mb", type=int, help="memory a submission may use")


def _settings(args):
    keys = ("device", "seed", "sandbox", "call_timeout", "submission_timeout", "memory_limit_mb", "workers",
            "scheduler", "reference_cache")
    return load_settings({k: getattr(args, k, None) for k in keys})


def _guess_assignment(path: Path) -> str:
    for name in ASSIGNMENTS:
        if name in path.stem or name in path.parts:
            return name
    raise AutograderError(f"cannot tell the assignment of {path} from its name; "
                          f"pass --assignment ({', '.join(ASSIGNMENTS)})")


def cmd_grade(args) -> int:
    from .grade import grade_notebook
    from .report_text import print_result

    require_notebook(args.notebook)
    result = grade_notebook(Path(args.notebook), args.assignment, _settings(args), student_id=args.student_id)
    if args.json:
        print(json.dumps(result.to_dict(), allow_nan=False))
    else:
        print_result(result)
    return 0


def cmd_check(args) -> int:
    from .grade import run_grader
    from .report_text import print_result

    path = Path(args.notebook)
    require_notebook(path)
    assignment = args.assignment or _guess_assignment(path)
    graded = []
    run_grader(assignment, _settings(args), lambda grader: graded.append((grader.grade(path), grader.checks.total_points)),
               public_only=True)
    result, assignment_points = graded[0]
    print_result(result, public_only=True, assignment_points=assignment_points)
    return 0 if result.status == "graded" and all(t.outcome == "passed" for t in result.tests) else 1


def cmd_batch(args) -> int:
    from .assignments import course_root
    from .batch import BatchError, run_batch
    from .progress import BatchProgress, print_summary
    from .sinks import publish

    settings = _settings(args)
    submitted = Path(args.submitted_dir)
    if not submitted.is_dir():
        raise AutograderError(f"{submitted}: {'not a folder' if submitted.exists() else 'folder not found'}; "
                              "give nbgrader's submitted/ folder (<student_id>/<assignment>/<assignment>.ipynb)")
    out = Path(args.out) if args.out else course_root() / "grading" / args.assignment
    try:
        summary = run_batch(submitted, args.assignment, settings, out, force=args.force, progress=BatchProgress())
    except BatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not summary.results:
        print(f"warning: no submissions of {args.assignment} in {submitted}: nothing was graded. Expected "
              f"{submitted}/<student_id>/{args.assignment}/{args.assignment}.ipynb (nbgrader collect puts them "
              "there)", file=sys.stderr)
        return 0
    print_summary(summary)
    for line in publish(summary, gradebook=None if args.no_gradebook else args.gradebook,
                        feedback=not args.no_feedback, submitted=Path(args.submitted_dir)):
        print(line)
    return 0


def cmd_demo(args) -> int:
    from .demo import main as demo_main

    return demo_main()


def cmd_release(args) -> int:
    from .release import generate_release

    from .student_package import STUDENT_ROOT, write_student_package

    names = [validate(name) for name in args.assignments] or list(ASSIGNMENTS)
    for name in names:
        print(f"released {generate_release(name)}")
    write_student_package(names)
    print(f"public checks of {', '.join(names)} written to the student package in {STUDENT_ROOT} "
          f"(build it with: python -m pip wheel --no-deps {STUDENT_ROOT})")
    return 0


def cmd_audit(args) -> int:
    from .authoring.audit import format_report, run_audit, write_json
    from .progress import BatchProgress

    report = run_audit(args.assignment, _settings(args), args.function or None, progress=BatchProgress())
    print(format_report(report))
    if args.json:
        write_json(report, Path(args.json))
    return 1 if report.survivors else 0


def cmd_export(args) -> int:
    from .export import export

    for line in export(Path(args.grading_dir), args.format, Path(args.out) if args.out else None):
        print(line)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade one notebook")
    grade.add_argument("notebook")
    grade.add_argument("--assignment", required=True, choices=ASSIGNMENTS)
    grade.add_argument("--student-id", default=None)
    grade.add_argument("--json", action="store_true", help="print the result object as JSON")
    _common(grade)
    grade.set_defaults(run=cmd_grade)

    check = commands.add_parser("check", help="run the public checks on a notebook (what students see)",
                                description="Run the public checks on a notebook, in the grader's sandbox, and print "
                                            "what a student sees. Exit status 1 when a check fails. (Students use "
                                            "the pcpt-check package: python -m pcpt_check NOTEBOOK.)")
    check.add_argument("notebook")
    check.add_argument("--assignment", choices=ASSIGNMENTS, metavar="NAME",
                       help=f"one of {', '.join(ASSIGNMENTS)} (guessed from the file name otherwise)")
    check.add_argument("--device", choices=("auto", "cpu", "cuda"), help="device to run on (default: auto)")
    check.set_defaults(run=cmd_check)

    batch = commands.add_parser("batch", help="grade every submission of an assignment")
    batch.add_argument("submitted_dir", help="nbgrader's submitted/ folder: <student_id>/<assignment>/<assignment>.ipynb")
    batch.add_argument("--assignment", required=True, choices=ASSIGNMENTS)
    batch.add_argument("--out", help="output folder (default: grading/<assignment> in the course)")
    batch.add_argument("--workers", type=int, help="grading processes (default: 2)")
    batch.add_argument("--scheduler", help="grade on a Dask cluster: the scheduler's address, e.g. tcp://host:8786")
    batch.add_argument("--reference-cache", help="folder for the saved reference results (default: OUT/.cache)")
    batch.add_argument("--force", action="store_true", help="regrade submissions that are already graded")
    batch.add_argument("--gradebook", default="auto",
                       help="nbgrader database URL, or 'auto' for the course's gradebook.db (default)")
    batch.add_argument("--no-gradebook", action="store_true", help="do not write scores into nbgrader's gradebook")
    batch.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback pages and report")
    _common(batch)
    batch.set_defaults(run=cmd_batch)

    release = commands.add_parser("release", help="regenerate student releases (nbgrader) and the student package")
    release.add_argument("assignments", nargs="*", metavar="NAME",
                         help=f"assignments to release (default: all of {', '.join(ASSIGNMENTS)})")
    release.set_defaults(run=cmd_release)

    export = commands.add_parser("export", help="export a batch's grades for an LMS or for analysis")
    export.add_argument("grading_dir", nargs="?", default=".",
                        help="a batch's output folder (holds results/); default: the current folder")
    export.add_argument("--format", required=True, choices=("canvas", "gradescope", "long"),
                        help="canvas: gradebook import CSV; gradescope: results.json per submission; "
                             "long: one CSV row per student and check")
    export.add_argument("--out", help="file (canvas, long) or folder (gradescope) to write; default: in GRADING_DIR")
    export.set_defaults(run=cmd_export)

    audit = commands.add_parser("audit", help="measure the strength of an assignment's checks (mutation testing)",
                                description="Grade mutants of each graded function's solution (off-by-one loops, "
                                            "flipped signs, mean for sum, gradients not cleared, ...) and list the "
                                            "mutants that keep full points. Exit status 1 when one survives that "
                                            "is not declared equivalent.")
    audit.add_argument("assignment", choices=ASSIGNMENTS, metavar="NAME", help=f"one of {', '.join(ASSIGNMENTS)}")
    audit.add_argument("--function", action="append", metavar="F", help="audit this graded function only (repeatable)")
    audit.add_argument("--json", metavar="FILE", help="also write a machine-readable summary")
    audit.add_argument("--workers", type=int, help="grading processes (default: 2)")
    _common(audit)
    audit.set_defaults(run=cmd_audit)

    demo = commands.add_parser("demo", help="run the whole job on bundled sample submissions (make demo)")
    demo.set_defaults(run=cmd_demo)

    args = parser.parse_args(argv)
    from .sandbox import SandboxError

    try:
        return args.run(args)
    except AutograderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SandboxError as exc:  # no grading could run at all (not one student's problem)
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
