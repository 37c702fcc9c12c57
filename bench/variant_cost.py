"""What per-student hidden inputs cost: the same batch with 1 and with N hidden-input variants.

The reference now runs once per variant a batch needs (its self-test for the extra
variants runs the hidden checks only). Runs alternate (1, N, 1, N, ...) in one process so
that the machine's load affects both alike; every run starts from an empty output folder
(reference warm-up included).

Usage: python bench/variant_cost.py [--assignment autograd_descent] [--students 10] [--variants 4] [--rounds 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from _common import ROOT, Timer  # noqa: F401 - puts the project on sys.path
from batch_speed import make_submitted

from autograder.batch import run_batch
from autograder.settings import Settings
from autograder.variants import hidden_variants


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="autograd_descent")
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="pcpt-variants-"))
    submitted = make_submitted(scratch / "submitted", args.assignment, args.students)
    times: dict[int, list[float]] = {1: [], args.variants: []}
    warm: dict[int, list[float]] = {1: [], args.variants: []}
    scores: dict[int, dict] = {}
    for round_number in range(args.rounds):
        for count in (1, args.variants):
            settings = Settings(device="cpu", workers=args.workers, variants=count)
            out = scratch / f"out-{count}-{round_number}"
            with Timer() as timer:
                summary = run_batch(submitted, args.assignment, settings, out, variants=hidden_variants(settings))
            times[count].append(timer.seconds)
            warm[count].append(summary.reference_seconds)
            scores[count] = {s: r.score for s, r in summary.results.items()}
            print(f"round {round_number + 1}, {count} variant(s) (graded with {summary.variants}): "
                  f"{timer.seconds:.1f} s, reference warm-up {summary.reference_seconds:.1f} s", flush=True)
    one, many = statistics.mean(times[1]), statistics.mean(times[args.variants])
    print(f"{args.students} submissions of {args.assignment}, {args.workers} workers, {args.rounds} rounds")
    print(f"1 variant   : mean {one:.1f} s (warm-up {statistics.mean(warm[1]):.1f} s)")
    print(f"{args.variants} variants  : mean {many:.1f} s (warm-up {statistics.mean(warm[args.variants]):.1f} s)")
    print(f"cost        : {100 * (many / one - 1):+.1f} %")
    print(f"same scores : {scores[1] == scores[args.variants]}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
