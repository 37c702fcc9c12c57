"""What per-student hidden inputs cost: the same batch with 1 and with N hidden-input variants.

The reference now runs once per variant a batch needs (its self-test for the extra
variants runs the hidden checks only). Runs alternate (1, N, 1, N, ...) in one process so
that the machine's load affects both alike; every run starts from an empty output folder
(reference warm-up included). Besides wall time it reports CPU time (this process, where
the reference runs, and the reaped workers, fork servers and students), which a busy
shared machine distorts far less.

Usage: python bench/variant_cost.py [--assignment autograd_descent] [--students 10] [--variants 4] [--rounds 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
import shutil
import statistics
import tempfile
from pathlib import Path

from _common import COURSE, ROOT, Timer  # noqa: F401 - puts the project on sys.path
from batch_speed import make_submitted

from autograder import reference_cache
from autograder.batch import run_batch
from autograder.runner import CheckSession
from autograder.settings import Settings
from autograder.variants import hidden_variants


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its reaped descendants."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


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
    cpu: dict[int, list[tuple[float, float]]] = {1: [], args.variants: []}
    scores: dict[int, dict] = {}
    for round_number in range(args.rounds):
        for count in (1, args.variants):
            settings = Settings(device="cpu", workers=args.workers, variants=count)
            out = scratch / f"out-{count}-{round_number}"
            own_before, children_before = cpu_seconds()
            with Timer() as timer:
                summary = run_batch(submitted, COURSE.assignment(args.assignment), settings, out, variants=hidden_variants(settings, COURSE))
            for child in multiprocessing.active_children():   # reap the workers: their CPU time counts
                child.join()
            own_after, children_after = cpu_seconds()
            cpu[count].append((own_after - own_before, children_after - children_before))
            times[count].append(timer.seconds)
            warm[count].append(summary.reference_seconds)
            scores[count] = {s: r.score for s, r in summary.results.items()}
            print(f"round {round_number + 1}, {count} variant(s) (graded with {summary.variants}): "
                  f"{timer.seconds:.1f} s, reference warm-up {summary.reference_seconds:.1f} s, CPU "
                  f"{cpu[count][-1][0]:.1f} s here + {cpu[count][-1][1]:.1f} s in workers", flush=True)
    one, many = statistics.mean(times[1]), statistics.mean(times[args.variants])
    print(f"{args.students} submissions of {args.assignment}, {args.workers} workers, {args.rounds} rounds")
    print(f"1 variant   : mean {one:.1f} s (warm-up {statistics.mean(warm[1]):.1f} s)")
    print(f"{args.variants} variants  : mean {many:.1f} s (warm-up {statistics.mean(warm[args.variants]):.1f} s)")
    print(f"cost        : {100 * (many / one - 1):+.1f} % wall time")
    cpu_one, cpu_many = (statistics.mean(a + b for a, b in cpu[c]) for c in (1, args.variants))
    print(f"CPU time    : {cpu_one:.1f} s with 1 variant, {cpu_many:.1f} s with {args.variants} "
          f"({100 * (cpu_many / cpu_one - 1):+.1f} %)")
    print(f"same scores : {scores[1] == scores[args.variants]}")
    # The one step whose work grows with the variants, alone and in CPU time.
    warm_cpu: dict[int, list[float]] = {1: [], args.variants: []}
    for _ in range(args.rounds):
        for count in (1, args.variants):
            settings = Settings(device="cpu", variants=count)
            started = time.process_time()
            with CheckSession.open(COURSE.assignment(args.assignment), device="cpu", seed=settings.seed) as checks:
                reference_cache.warm_reference(checks, scratch / "cache.pt", {}, hidden_variants(settings, COURSE),
                                               list(range(count)))
            warm_cpu[count].append(time.process_time() - started)
    extra = statistics.mean(warm_cpu[args.variants]) - statistics.mean(warm_cpu[1])
    print(f"reference warm-up CPU: {statistics.mean(warm_cpu[1]):.2f} s with 1 variant, "
          f"{statistics.mean(warm_cpu[args.variants]):.2f} s with {args.variants}: +{extra:.2f} s per batch, "
          f"{100 * extra / cpu_one:+.1f} % of the 1-variant batch's CPU time")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
