"""Batch speed: our batch against ``nbgrader autograde`` on the same submissions.

Prints, from one run on this machine:
- nbgrader autograde wall time for N submissions, ours with 1 and 2 workers, and the ratio;
- the per-submission overhead of our grader on an all-stub submission (nothing to
  compute: sandbox fork, cells, every check failing fast, result record);
- throughput (submissions per minute) for 1 and 2 workers.

Usage: python bench/batch_speed.py [--assignment autograd_descent] [--students 6] [--stubs 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from _common import ROOT, Timer  # noqa: F401 - puts the project on sys.path

from autograder.assignments import release_notebook
from autograder.batch import run_batch
from autograder.release import copy_course, run_nbgrader
from autograder.samples import CORPUS, write_sample
from autograder.settings import Settings


def make_submitted(folder: Path, assignment: str, students: int) -> Path:
    cases = sorted((CORPUS / assignment).glob("*.py"))
    correct = [c for c in cases if c.stem.startswith("correct")]
    others = [c for c in cases if c not in correct]
    chosen = (correct + others)[:students]
    while len(chosen) < students:
        chosen += chosen[: students - len(chosen)]
    for number, case in enumerate(chosen):
        write_sample(case, assignment, folder / f"s{number:03d}" / assignment / f"{assignment}.ipynb")
    return folder


def nbgrader_autograde(submitted: Path, assignment: str, scratch: Path) -> float:
    course = copy_course(scratch / "course")
    shutil.copytree(submitted, course / "submitted")
    done = run_nbgrader(["generate_assignment", assignment, "--force"], course)
    assert done.returncode == 0, done.stderr[-1000:]
    with Timer() as timer:
        done = run_nbgrader(["autograde", assignment, "--create", "--force"], course)
    assert done.returncode == 0, done.stderr[-1000:]
    return timer.seconds


def ours(submitted: Path, assignment: str, scratch: Path, workers: int):
    settings = Settings(device="cpu", workers=workers)
    with Timer() as timer:
        summary = run_batch(submitted, assignment, settings, scratch / f"out{workers}", force=True)
    return timer.seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="autograd_descent")
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--stubs", type=int, default=10)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="pcpt-bench-"))
    submitted = make_submitted(scratch / "submitted", args.assignment, args.students)
    print(f"{args.students} submissions of {args.assignment} (corpus cases), {scratch}")

    nb = nbgrader_autograde(submitted, args.assignment, scratch)
    one, summary1 = ours(submitted, args.assignment, scratch, 1)
    two, summary2 = ours(submitted, args.assignment, scratch, 2)
    same = all(summary1.results[s].score == summary2.results[s].score for s in summary1.results)

    stubs = scratch / "stubs"
    for number in range(args.stubs):
        target = stubs / f"stub{number:03d}" / args.assignment / f"{args.assignment}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copy(release_notebook(args.assignment), target)
    _, stub_summary = ours(stubs, args.assignment, scratch, 1)
    overhead = [r.seconds for r in stub_summary.results.values()]

    print(f"nbgrader autograde          : {nb:7.1f} s  ({nb / args.students:.2f} s per submission)")
    print(f"ours, 1 worker              : {one:7.1f} s  ({one / args.students:.2f} s per submission, "
          f"reference warm-up {summary1.reference_seconds:.1f} s)")
    print(f"ours, 2 workers             : {two:7.1f} s  ({two / args.students:.2f} s per submission)")
    print(f"speed-up vs nbgrader        : {nb / one:5.1f}x (1 worker), {nb / two:5.1f}x (2 workers)")
    print(f"per-submission grading time : {statistics.mean(r.seconds for r in summary2.results.values()):.2f} s "
          "(inside a warm worker)")
    print(f"all-stub overhead           : median {statistics.median(overhead):.3f} s, "
          f"max {max(overhead):.3f} s per submission (inside a warm worker, {args.stubs} stubs)")
    print(f"throughput                  : {60 * args.students / one:.1f} /min (1 worker), "
          f"{60 * args.students / two:.1f} /min (2 workers)")
    print(f"same scores with 1 and 2 workers: {same}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
