"""Determinism: grade the whole corpus N times and compare every outcome.

Prints the number of gradings, how many (case, check) outcomes differed from the first
run (target 0), and the time per repetition.

Usage: python bench/repeat_corpus.py [--repeats 20] [--assignment NAME]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts the project on sys.path

from autograder.settings import Settings
from tests.helpers import corpus


def outcomes(results) -> dict:
    return {(case, t.name): (t.outcome, t.points, t.message, t.misconception)
            for case, result in results.items() for t in result.tests}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--assignment", default=None)
    args = parser.parse_args()
    cases = corpus.cases(args.assignment)
    settings = Settings(device="cpu", workers=2)
    first, differing, seconds = None, 0, []
    for repeat in range(args.repeats):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="pcpt-repeat-") as scratch:
            current = outcomes(corpus.grade_cases(cases, Path(scratch), settings))
        seconds.append(time.perf_counter() - started)
        if first is None:
            first = current
        else:
            changed = [key for key in first if first[key] != current.get(key)]
            differing += len(changed)
            for key in changed[:5]:
                print(f"  run {repeat + 1}: {key} {first[key][:2]} -> {current.get(key, ('missing',))[:2]}")
        print(f"run {repeat + 1}/{args.repeats}: {seconds[-1]:.1f} s", flush=True)
    print(f"\n{args.repeats} gradings of {len(cases)} cases ({len(first)} check outcomes each)")
    print(f"outcomes differing from the first run: {differing}")
    print(f"time per grading of the corpus: mean {statistics.mean(seconds):.1f} s, "
          f"min {min(seconds):.1f} s, max {max(seconds):.1f} s")


if __name__ == "__main__":
    main()
