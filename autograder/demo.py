"""``make demo``: the whole instructor job on bundled sample submissions.

release (nbgrader) → sample submissions → batch grading → nbgrader gradebook and
autograded notebooks (formgrader) → feedback pages → report → ``nbgrader generate_feedback``
→ ``nbgrader export``, in a throw-away copy of the course under ``demo_out/``.
The samples come from the test corpus: correct styles, misconceptions, a broken cell,
an unreadable notebook and a student who submitted nothing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .assignments import PROJECT_ROOT
from .batch import discover, run_batch
from .progress import BatchProgress, print_summary
from .release import copy_course, run_nbgrader
from .samples import CORPUS, write_sample
from .settings import Settings
from .sinks import publish

SAMPLES = {
    "linear_regression": {
        "ada": "correct_reference_style",
        "ben": "sum_instead_of_mean",
        "cleo": "autograd_not_cleared",
        "dev": "broken_cell_syntax",
    },
    "autograd_descent": {},
}


def _pick(assignment: str, wanted: dict[str, str]) -> dict[str, Path]:
    """The named samples, else a spread of what the corpus holds (correct first)."""
    folder = CORPUS / assignment
    chosen = {student: folder / f"{case}.py" for student, case in wanted.items() if (folder / f"{case}.py").exists()}
    if not chosen:
        files = sorted(p for p in folder.glob("*.py"))
        correct = [p for p in files if p.stem.startswith("correct")][:2]
        others = [p for p in files if p not in correct][:: max(1, len(files) // 5)][:5]
        chosen = {f"student{i + 1:02d}_{p.stem}"[:40]: p for i, p in enumerate(correct + others)}
    return chosen


def run_demo(out: Path, settings: Settings) -> list[str]:
    if out.exists():
        shutil.rmtree(out)
    course = copy_course(out / "course")
    lines = [f"course:    {course}"]
    for assignment, wanted in SAMPLES.items():
        print(f"== {assignment}: nbgrader generate_assignment (release)", flush=True)
        done = run_nbgrader(["generate_assignment", assignment, "--force", "--log-level=WARN"], course)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        submitted = course / "submitted"
        for student, case_file in _pick(assignment, wanted).items():
            write_sample(case_file, assignment, submitted / student / assignment / f"{assignment}.ipynb")
        (submitted / "zoe_unreadable" / assignment).mkdir(parents=True, exist_ok=True)
        (submitted / "zoe_unreadable" / assignment / f"{assignment}.ipynb").write_text("{ this is not json")
        (submitted / "yan_nothing" / assignment).mkdir(parents=True, exist_ok=True)
        count = len(discover(submitted, assignment))  # students with a folder for this assignment
        print(f"== {assignment}: batch grading {count} submissions", flush=True)
        summary = run_batch(submitted, assignment, settings, course / "grading" / assignment, progress=BatchProgress())
        print_summary(summary)
        lines += [f"-- {assignment}"] + publish(summary, gradebook=f"sqlite:///{course / 'gradebook.db'}",
                                                   submitted=submitted)
        done = run_nbgrader(["generate_feedback", assignment, "--force", "--log-level=WARN"], course)
        lines.append(f"nbgrader feedback: {course / 'feedback'}/<student>/{assignment}/{assignment}.html"
                     if done.returncode == 0 else f"nbgrader generate_feedback failed: {done.stderr[-500:]}")
    export = course / "grades_nbgrader_export.csv"
    done = run_nbgrader(["export", f"--to={export}"], course)
    lines.append(f"nbgrader export: {export}" if done.returncode == 0 else f"nbgrader export failed: {done.stderr[-500:]}")
    return lines


def main(argv=None) -> int:
    from .settings import load_settings

    out = PROJECT_ROOT / "demo_out"
    lines = run_demo(out, load_settings())
    print("\nWhere to look:")
    for line in lines:
        print("  " + line)
    print("\nOpen the report in a browser, e.g.  xdg-open demo_out/course/grading/linear_regression/report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
