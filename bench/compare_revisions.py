"""Side by side: the same batch graded by an earlier revision of the grader and by this tree.

Checks a change's cost on a normal batch ("nothing slows a normal batch by more than
10 %"): both revisions grade the same correct submissions (the corpus's correct styles,
repeated), in alternating rounds so that changing load hits both alike, each from scratch
(worker start-up and reference warm-up included). Prints each run and the ratio of the
medians.

Usage: python bench/compare_revisions.py --base REV [--assignment autograd_descent]
                                        [--students 10] [--workers 1] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import COURSE, ROOT, corpus_dir

from autograder.samples import write_sample

def build_submissions(assignment: str, count: int, folder: Path) -> Path:
    styles = sorted(corpus_dir(assignment).glob("correct_*.py"))
    for number in range(count):
        write_sample(styles[number % len(styles)], COURSE.assignment(assignment),
                     folder / f"s{number:03d}" / assignment / f"{assignment}.ipynb")
    return folder

def grade(tree: Path, submitted: Path, out: Path, assignment: str, workers: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree), PCPT_COURSE_SECRET="bench-secret-compare-revisions")
    command = [sys.executable, "-m", "autograder", "batch", str(submitted), "--assignment", assignment,
               "--workers", str(workers), "--out", str(out), "--no-gradebook", "--no-feedback", "--force"]
    started = time.monotonic()
    subprocess.run(command, cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the earlier revision (a commit, tag or branch)")
    parser.add_argument("--assignment", default="autograd_descent")
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pcpt-revisions-") as scratch:
        scratch = Path(scratch)
        base = scratch / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.base], cwd=ROOT, check=True)
        try:
            submitted = build_submissions(args.assignment, args.students, scratch / "submitted")
            times: dict[str, list[float]] = {"base": [], "this tree": []}
            for round_number in range(args.rounds):
                for label, tree in (("base", base), ("this tree", ROOT)):
                    seconds = grade(tree, submitted, scratch / f"out-{label}-{round_number}", args.assignment,
                                    args.workers)
                    times[label].append(seconds)
                    print(f"round {round_number + 1}: {label:9s} {seconds:7.1f} s", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    base_median, ours = statistics.median(times["base"]), statistics.median(times["this tree"])
    print(f"{args.students} {args.assignment} submissions, {args.workers} worker(s), median of {args.rounds}: "
          f"base {base_median:.1f} s, this tree {ours:.1f} s, ratio {ours / base_median:.3f} "
          f"({100 * (ours / base_median - 1):+.1f} %)")

if __name__ == "__main__":
    main()
