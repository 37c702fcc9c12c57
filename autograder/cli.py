"""Command line (documented in docs/interface.md):

    python -m autograder grade NOTEBOOK --assignment NAME [--device auto|cpu|cuda] [--json]
    python -m autograder check NOTEBOOK [--assignment NAME]         (public checks only)
    python -m autograder batch SUBMITTED_DIR --assignment NAME [--workers N] [--device ...] [--out DIR]
                                    [--scheduler ADDRESS] [--reference-cache DIR]
    python -m autograder export --format canvas|gradescope|long [--out PATH] [--gradebook URL|none] [--roster CSV]
                                [--canvas-assignment-id ID] [GRADING_DIR]
    python -m autograder export --format gradescope-autograder --assignment NAME [--out ZIP]
    python -m autograder release [NAME ...]                          (nbgrader releases, student package)
    python -m autograder demo                                        (the whole job on sample data)
    python -m autograder audit NAME [--function F] [--json FILE] [--workers N] [--device ...]
                                    (check strength: grade mutants of the solution)
    python -m autograder validate [NAME ...] [--no-release] [--no-run]  (the course's quality gate)
    python -m autograder corpus NAME [--workers N] [--device ...]    (grade the corpus against its expected outcomes)
    python -m autograder samples NAME --out DIR                      (the corpus cases as nbgrader submissions)
    python -m autograder new NAME                                    (a skeleton assignment to edit)

Exit status: 0 when grading ran (whatever the scores), 1 when it could not run or, for
``check``, when a public check fails, for ``validate``, when the course has a problem, for
``audit``, when a mutant survives that is not declared equivalent or a declaration is stale, for
``corpus``, when a case is not graded as its ``.json`` says; 2 for a bad request (a
missing file, a file that is not a notebook, an unknown assignment, a bad setting, an
assignment ``new`` would overwrite).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from . import course as courses
from .errors import AutograderError, require_notebook
from pcpt_portable.messages import WEAK_SANDBOX_WARNING
from .results import Outcome, Status
from .settings import CHOICES, Settings, load_settings


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", choices=CHOICES["device"], help=f"grading device (default: {Settings.device})")
    parser.add_argument("--seed", type=int, help="base seed of the hidden inputs")
    parser.add_argument("--sandbox", choices=CHOICES["sandbox"], help="isolation for student code")
    parser.add_argument("--call-timeout", type=float, help="seconds per call of a graded function")
    parser.add_argument("--submission-timeout", type=float, help="seconds per submission")
    parser.add_argument("--memory-limit-mb", type=int, help="memory a submission may use")


COURSE_HELP = ("the course directory (default: $PCPT_COURSE_ROOT, [tool.autograder] course, or the current "
               "folder)")


def _course(args) -> courses.Course:
    """The course, resolved once per command (``--course``, else as ``autograder.course`` says)
    and made importable; every step below is handed it."""
    if getattr(args, "found_course", None) is None:
        args.found_course = courses.Course.find(args.course).importable()
    return args.found_course


def _settings(args):
    keys = ("device", "seed", "sandbox", "call_timeout", "submission_timeout", "memory_limit_mb", "workers",
            "scheduler", "reference_cache")
    return load_settings({k: getattr(args, k, None) for k in keys}, course=_course(args))


def _guess_assignment(course: courses.Course, path: Path) -> str:
    names = course.assignments
    for name in names:
        if name in path.stem or name in path.parts:
            return name
    raise AutograderError(f"cannot tell the assignment of {path} from its name; "
                          f"pass --assignment ({', '.join(names)})")


def cmd_grade(args) -> int:
    from .grade import grade_notebook
    from .report_text import print_result

    require_notebook(args.notebook)
    result = grade_notebook(Path(args.notebook), _course(args).assignment(args.assignment), _settings(args),
                            student_id=args.student_id)
    if args.json:
        print(json.dumps(result.to_dict(), allow_nan=False))
    else:
        print_result(result)
    return 0


def cmd_check(args) -> int:
    from .grade import Grader
    from .report_text import print_result

    path = Path(args.notebook)
    require_notebook(path)
    assignment = args.assignment or _guess_assignment(_course(args), path)
    settings = _settings(args)
    from .sandbox.launch import bwrap_problem

    if settings.sandbox == "auto" and bwrap_problem():
        # A student checking their own notebook runs their own code: the weaker sandbox is
        # enough here (a batch or a grade refuses instead).
        print(f"note: {bwrap_problem()}; checking in the process sandbox", file=sys.stderr)
        settings = dataclasses.replace(settings, sandbox="process")
    with Grader.open(_course(args).assignment(assignment), settings, public_only=True) as grader:
        result, assignment_points = grader.grade(path), grader.checks.total_points
    print_result(result, public_only=True, assignment_points=assignment_points)
    return 0 if result.status == Status.GRADED and all(t.outcome == Outcome.PASSED for t in result.tests) else 1


def cmd_batch(args) -> int:
    from .batch import BatchError, run_batch
    from .nbgrader_course import batch_course
    from .progress import BatchProgress, print_summary
    from .sinks import publish

    settings = _settings(args)
    submitted = Path(args.submitted_dir)
    if not submitted.is_dir():
        raise AutograderError(f"{submitted}: {'not a folder' if submitted.exists() else 'folder not found'}; "
                              "give nbgrader's submitted/ folder (<student_id>/<assignment>/<assignment>.ipynb)")
    # Outputs and the gradebook belong to the nbgrader course the command runs in (nbgrader_config.py).
    nbgrader = None if args.out and args.no_gradebook else batch_course(submitted)
    out = Path(args.out) if args.out else nbgrader.root / "grading" / args.assignment
    if settings.sandbox == "process":
        print(WEAK_SANDBOX_WARNING, file=sys.stderr)
    try:
        summary = run_batch(submitted, _course(args).assignment(args.assignment), settings, out, force=args.force,
                            progress=BatchProgress())
    except BatchError as exc:
        _print_error(exc)
        return 1
    if not summary.results:
        print(f"warning: no submissions of {args.assignment} in {submitted}: nothing was graded. Expected "
              f"{submitted}/<student_id>/{args.assignment}/{args.assignment}.ipynb (nbgrader collect puts them "
              "there)", file=sys.stderr)
        return 0
    print_summary(summary)
    if any(result.sandbox == "process" for result in summary.results.values()):
        print(WEAK_SANDBOX_WARNING, file=sys.stderr)
    gradebook = None if args.no_gradebook else nbgrader.db_url if args.gradebook == "auto" else args.gradebook
    for line in publish(summary, grading=_course(args), gradebook=gradebook, feedback=not args.no_feedback,
                        submitted=submitted, course=nbgrader.root if nbgrader else None):
        print(line)
    return 0


def cmd_demo(args) -> int:
    from .demo import main as demo_main

    return demo_main(_course(args))


def cmd_release(args) -> int:
    from .release import generate_release

    from .student_package import student_root, write_student_package

    course = _course(args)
    names = [course.assignment(name).name for name in args.assignments] or list(course.assignments)
    for name in names:
        print(f"released {generate_release(course, name)}")
    write_student_package(course, names)
    print(f"public checks of {', '.join(names)} written to the student package in {student_root(course)} "
          f"(build it with: make student-wheel, or python -m pip wheel --no-deps --no-build-isolation --no-index "
          f"{student_root(course)})")
    return 0


def cmd_audit(args) -> int:
    from .authoring.audit import format_report, run_audit, write_json
    from .progress import BatchProgress

    report = run_audit(_course(args), args.assignment, _settings(args), args.function or None,
                       progress=BatchProgress())
    print(format_report(report))
    if args.json:
        write_json(report, Path(args.json))
    return 0 if report.clean else 1


def cmd_export(args) -> int:
    from .export import export

    if args.format == "gradescope-autograder":   # from the course, not from a batch's results
        from .gradescope import build_zip

        if not args.assignment:
            raise AutograderError("--format gradescope-autograder needs --assignment NAME")
        for line in build_zip(_course(args), args.assignment, Path(args.out) if args.out else None):
            print(line)
        return 0
    gradebook = None if args.gradebook == "none" else args.gradebook
    for line in export(Path(args.grading_dir), args.format, Path(args.out) if args.out else None,
                       gradebook=gradebook, roster=Path(args.roster) if args.roster else None,
                       canvas_assignment_id=args.canvas_assignment_id):
        print(line)
    return 0


def cmd_validate(args) -> int:
    from .authoring.validate import main as validate_main

    return validate_main(_course(args), args.assignments, release=not args.no_release, run=not args.no_run)


def cmd_corpus(args) -> int:
    import tempfile

    from .authoring.corpus import run_corpus
    from .progress import BatchProgress

    with tempfile.TemporaryDirectory(prefix=f"corpus-{args.assignment}-") as scratch:
        run = run_corpus(_course(args), args.assignment, _settings(args), Path(scratch),
                         progress=BatchProgress())
    print("\n".join(run.lines()))
    return 1 if run.mismatches else 0


def cmd_samples(args) -> int:
    from .authoring.corpus import write_samples

    written = write_samples(_course(args), args.assignment, Path(args.out))
    print(f"{len(written)} submissions of {args.assignment} written to {args.out} (grade them with: python -m "
          f"autograder batch {args.out} --assignment {args.assignment})")
    return 0


def cmd_new(args) -> int:
    from .authoring.new import main as new_main

    return new_main(_course(args), args.name)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course", metavar="DIR", default=None, help=COURSE_HELP)
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade one notebook")
    grade.add_argument("notebook")
    grade.add_argument("--assignment", required=True, metavar="NAME")
    grade.add_argument("--student-id", default=None)
    grade.add_argument("--json", action="store_true", help="print the result object as JSON")
    _common(grade)
    grade.set_defaults(run=cmd_grade)

    check = commands.add_parser("check", help="run the public checks on a notebook (what students see)",
                                description="Run the public checks on a notebook, in the grader's sandbox, and print "
                                            "what a student sees. Exit status 1 when a check fails. (Students use "
                                            "the pcpt-check package: python -m pcpt_check NOTEBOOK.)")
    check.add_argument("notebook")
    check.add_argument("--assignment", metavar="NAME",
                       help="an assignment of the course (guessed from the file name otherwise)")
    check.add_argument("--device", choices=CHOICES["device"], help=f"device to run on (default: {Settings.device})")
    check.set_defaults(run=cmd_check)

    batch = commands.add_parser("batch", help="grade every submission of an assignment")
    batch.add_argument("submitted_dir", help="nbgrader's submitted/ folder: <student_id>/<assignment>/<assignment>.ipynb")
    batch.add_argument("--assignment", required=True, metavar="NAME")
    batch.add_argument("--out", help="output folder (default: grading/<assignment> in the nbgrader course the "
                                          "command runs in)")
    batch.add_argument("--workers", type=int, help=f"grading processes (default: {Settings.workers})")
    batch.add_argument("--scheduler", help="grade on a Dask cluster: the scheduler's address, e.g. tcp://host:8786")
    batch.add_argument("--reference-cache", help="folder for the saved reference results (default: OUT/.cache)")
    batch.add_argument("--force", action="store_true", help="regrade submissions that are already graded")
    batch.add_argument("--gradebook", default="auto",
                       help="nbgrader database URL, or 'auto' (default): the db_url of the nbgrader course "
                            "the command runs in (its nbgrader_config.py; by default its gradebook.db)")
    batch.add_argument("--no-gradebook", action="store_true", help="do not write scores into nbgrader's gradebook")
    batch.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback pages and report")
    _common(batch)
    batch.set_defaults(run=cmd_batch)

    release = commands.add_parser("release", help="regenerate student releases (nbgrader) and the student package")
    release.add_argument("assignments", nargs="*", metavar="NAME",
                         help="assignments to release (default: all of the course's)")
    release.set_defaults(run=cmd_release)

    export = commands.add_parser("export", help="export a batch's grades for an LMS or for analysis")
    export.add_argument("grading_dir", nargs="?", default=".",
                        help="a batch's output folder (holds results/); default: the current folder")
    export.add_argument("--format", required=True, choices=("canvas", "gradescope", "long", "gradescope-autograder"),
                        help="canvas: gradebook import CSV; gradescope: results.json per submission; "
                             "long: one CSV row per student and check; gradescope-autograder: the zip to upload "
                             "to Gradescope as the assignment's autograder (needs --assignment)")
    export.add_argument("--assignment", metavar="NAME", help="the assignment (gradescope-autograder)")
    export.add_argument("--out", help="file (canvas, long, gradescope-autograder) or folder (gradescope) to write; "
                                      "default: in GRADING_DIR (gradescope-autograder: grading/NAME/ of the course)")
    export.add_argument("--gradebook", default="auto", metavar="URL",
                        help="nbgrader database the final scores come from (manual scores, extra credit, late "
                             "penalties); default: the course's gradebook.db when there is one; 'none': results only")
    export.add_argument("--roster", metavar="CSV",
                        help="canvas: CSV with a student_id column (nbgrader id) and Canvas's Student, ID, "
                             "SIS User ID, SIS Login ID, Section columns")
    export.add_argument("--canvas-assignment-id", metavar="ID",
                        help="canvas: the Canvas assignment id; the column is then 'name (ID)', so a second "
                             "import updates that assignment")
    export.set_defaults(run=cmd_export)

    audit = commands.add_parser("audit", help="measure the strength of an assignment's checks (mutation testing)",
                                description="Grade mutants of each graded function's solution (off-by-one loops, "
                                            "flipped signs, mean for sum, gradients not cleared, ...) and list the "
                                            "mutants that keep full points. Exit status 1 when one survives that "
                                            "is not declared equivalent.")
    audit.add_argument("assignment", metavar="NAME", help="an assignment of the course")
    audit.add_argument("--function", action="append", metavar="F", help="audit this graded function only (repeatable)")
    audit.add_argument("--json", metavar="FILE", help="also write a machine-readable summary")
    audit.add_argument("--workers", type=int, help="grading processes (default: 2)")
    _common(audit)
    audit.set_defaults(run=cmd_audit)

    demo = commands.add_parser("demo", help="run the whole job on bundled sample submissions (make demo)")
    demo.set_defaults(run=cmd_demo)

    validate = commands.add_parser("validate", help="check the course: files, functions, points, reference, "
                                                    "release, misconceptions (exit 1 on a problem)")
    validate.add_argument("assignments", nargs="*", metavar="NAME",
                          help="assignments to check (default: all of the course's)")
    validate.add_argument("--no-release", action="store_true",
                          help="skip comparing the release with a fresh nbgrader release (the slowest step)")
    validate.add_argument("--no-run", action="store_true",
                          help="skip running the source notebook top to bottom in a Jupyter kernel")
    validate.set_defaults(run=cmd_validate)

    corpus = commands.add_parser("corpus", help="grade an assignment's corpus and compare with its expected outcomes",
                                 description="Grade every case of assignments/NAME/corpus/ with the batch grader and "
                                             "compare each result with the case's .json. Exit status 1 and one "
                                             "MISMATCH line per problem when a case is not graded as expected.")
    corpus.add_argument("assignment", metavar="NAME", help="an assignment of the course")
    corpus.add_argument("--workers", type=int, help=f"grading processes (default: {Settings.workers})")
    _common(corpus)
    corpus.set_defaults(run=cmd_corpus)

    samples = commands.add_parser("samples", help="write an assignment's corpus cases as submissions",
                                  description="Write each corpus case as OUT/<case>/NAME/NAME.ipynb (nbgrader's "
                                              "submitted/ layout), so batch can grade them.")
    samples.add_argument("assignment", metavar="NAME", help="an assignment of the course")
    samples.add_argument("--out", required=True, metavar="DIR", help="the folder to write (nbgrader's submitted/)")
    samples.set_defaults(run=cmd_samples)

    new = commands.add_parser("new", help="write a working skeleton of a new assignment into the course")
    new.add_argument("name", metavar="NAME", help="the assignment's name (a Python identifier)")
    new.set_defaults(run=cmd_new)

    for sub in commands.choices.values():
        sub.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS, help=COURSE_HELP)
    args = parser.parse_args(argv)
    try:
        if args.course:   # workers and sandboxes started from here inherit it
            os.environ[courses.COURSE_ROOT_VARIABLE] = str(_course(args).root)
        if getattr(args, "assignment", None):
            args.assignment = _course(args).assignment(args.assignment).name
        return args.run(args)
    except AutograderError as exc:   # 2: a request to fix; 1: no grading could run (the sandbox, the workers)
        if exc.exit_status is None:  # a bug: its traceback
            raise
        _print_error(exc)
        return exc.exit_status


def _print_error(exc: Exception) -> None:
    """One line on stderr, whatever the message holds (a tool's output can span lines)."""
    print("error: " + "; ".join(line.strip() for line in str(exc).splitlines() if line.strip()), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
