"""``make demo``: the whole instructor job on bundled sample submissions.

release (nbgrader) → sample submissions → batch grading → nbgrader gradebook and
autograded notebooks (formgrader) → feedback pages → report → ``nbgrader generate_feedback``
→ ``nbgrader export``, in a throw-away copy of the course under ``demo_out/``.
Each assignment with a ``[demo]`` table in its ``assignment.toml`` takes part, with the
corpus cases it names (``samples = {student = "case", ...}``) or else a spread of its
corpus (correct styles first), plus an unreadable notebook and a student who submitted
nothing.
"""

from __future__ import annotations

import secrets
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import course as courses
from .batch import discover, run_batch
from .progress import BatchProgress, print_summary
from .release import copy_course, run_nbgrader
from .samples import write_sample
from .settings import Settings
from .sinks import publish

def demo_assignments(course: courses.Course) -> dict[str, dict[str, str]]:
    """``{assignment: {student: corpus case}}`` of the assignments that take part in the demo."""
    chosen = {}
    for assignment in course.each():
        demo = assignment.options.get("demo")
        if isinstance(demo, dict):
            chosen[assignment.name] = dict(demo.get("samples", {}))
    return chosen or {name: {} for name in course.assignments}


def _pick(assignment: courses.Assignment, wanted: dict[str, str]) -> dict[str, Path]:
    """The named samples, else a spread of what the corpus holds (correct first)."""
    folder = assignment.corpus_dir
    missing = sorted(case for case in wanted.values() if not (folder / f"{case}.py").exists())
    if missing:
        raise courses.CourseError(f"{assignment.name}'s assignment.toml names demo samples that are not corpus cases "
                                  f"in {folder}: {', '.join(missing)}")
    chosen = {student: folder / f"{case}.py" for student, case in wanted.items()}
    if not chosen:
        files = sorted(p for p in folder.glob("*.py"))
        correct = [p for p in files if p.stem.startswith("correct")][:2]
        others = [p for p in files if p not in correct][:: max(1, len(files) // 5)][:5]
        chosen = {f"student{i + 1:02d}_{p.stem}"[:40]: p for i, p in enumerate(correct + others)}
    return chosen


def _stamp(folder: Path) -> None:
    """What ``nbgrader submit`` and ``collect`` leave next to a submission: ``timestamp.txt`` (late
    penalties, formgrader) and ``submission_secret.txt`` (``release_feedback`` names the page by it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
    (folder / "submission_secret.txt").write_text(secrets.token_hex(64))


def run_demo(source: courses.Course, out: Path, settings: Settings) -> list[str]:
    if out.exists():
        shutil.rmtree(out)
    samples = demo_assignments(source)
    course = copy_course(out / "course", source.root)
    lines = [f"course:    {course}"]
    for assignment, wanted in samples.items():
        print(f"== {assignment}: nbgrader generate_assignment (release)", flush=True)
        done = run_nbgrader(["generate_assignment", assignment, "--force", "--log-level=WARN"], course)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        submitted = course / "submitted"
        for student, case_file in _pick(source.assignment(assignment), wanted).items():
            write_sample(case_file, source.assignment(assignment), submitted / student / assignment / f"{assignment}.ipynb")
            _stamp(submitted / student / assignment)
        (submitted / "zoe_unreadable" / assignment).mkdir(parents=True, exist_ok=True)
        (submitted / "zoe_unreadable" / assignment / f"{assignment}.ipynb").write_text("{ this is not json")
        _stamp(submitted / "zoe_unreadable" / assignment)
        _stamp(submitted / "yan_nothing" / assignment)   # submitted, but no notebook
        count = len(discover(submitted, assignment))  # students with a folder for this assignment
        print(f"== {assignment}: batch grading {count} submissions", flush=True)
        summary = run_batch(submitted, source.assignment(assignment), settings, course / "grading" / assignment,
                            progress=BatchProgress())
        print_summary(summary)
        lines += [f"-- {assignment}"] + publish(summary, gradebook=f"sqlite:///{course / 'gradebook.db'}",
                                                   submitted=submitted, grading=source)
        done = run_nbgrader(["generate_feedback", assignment, "--force", "--log-level=WARN"], course)
        lines.append(f"nbgrader feedback: {course / 'feedback'}/<student>/{assignment}/{assignment}.html"
                     if done.returncode == 0 else f"nbgrader generate_feedback failed: {done.stderr[-500:]}")
    export = course / "grades_nbgrader_export.csv"
    done = run_nbgrader(["export", f"--to={export}"], course)
    lines.append(f"nbgrader export: {export}" if done.returncode == 0 else f"nbgrader export failed: {done.stderr[-500:]}")
    return lines


def main(course: courses.Course) -> int:
    from .settings import load_settings

    out = course.root / "demo_out"
    lines = run_demo(course, out, load_settings(course=course))
    print("\nWhere to look:")
    for line in lines:
        print("  " + line)
    first = next(iter(demo_assignments(course)))
    print(f"\nOpen the report in a browser, e.g.  xdg-open demo_out/course/grading/{first}/report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(courses.Course.find().importable()))
