"""The submission corpus: one case per file, its expected outcome beside it.

``assignments/<assignment>/corpus/<case>.py`` (course content; hostile cases, which
test the engine, live in ``tests/corpus_hostile/<assignment>/``) holds the cells a student changed, in the
format of ``autograder.samples`` (``# %% <grade_id>`` markers); ``<case>.ipynb`` files
are used as they are (broken notebooks). ``<case>.json`` says what grading must give:

    {"description": "...",
     "status": "graded",                        (or "error")
     "lost": {"mse_loss": {"misconception": "sum_instead_of_mean",
                            "message_contains": "summed"}},   (optional "points": the most it may keep;
                                                               "not_named": misconceptions no check may name)
     "devices": ["cuda"],                      (optional: only meaningful on these devices)
     "truncated": true,                        (optional: the record says output was cut, or not)
     "must_not_reveal": ["..."]}               (hostile cases: text that no output may contain)

Every function not listed in ``lost`` must keep all its points; each listed one must
lose at least one check, and name the misconception when one is given. In every case,
no hidden check's message may show an expected value (``REVEALING``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.results import MAX_RESULT_BYTES
from autograder.samples import write_sample
from tests.helpers.course import ASSIGNMENTS, COURSE, PROJECT_ROOT, corpus_dir


@dataclass
class Case:
    assignment: str
    name: str
    path: Path
    expected: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.name}"


HOSTILE = PROJECT_ROOT / "tests" / "corpus_hostile"
# What a hidden check's message must never contain: an expected number, or the difference to it.
REVEALING = re.compile(r"expected -?(?:\d|\.\d|inf|nan)|\(difference [-\d.]|allowed \d")


def _folders(root: Path | None) -> list[tuple[str, Path]]:
    """(assignment, folder of cases): the course's corpora, or ``root/<assignment>/``."""
    if root is None:
        return [(name, corpus_dir(name)) for name in ASSIGNMENTS]
    return [(folder.name, folder) for folder in sorted(root.iterdir()) if folder.is_dir()]


def cases(assignment: str | None = None, root: Path | None = None) -> list[Case]:
    found = []
    for name, folder in _folders(root):
        if assignment and name != assignment or not folder.is_dir():
            continue
        for spec in sorted(folder.glob("*.json")):
            body = next((p for p in (spec.with_suffix(".py"), spec.with_suffix(".ipynb")) if p.exists()), None)
            if body is None:
                raise FileNotFoundError(f"{spec} has no .py or .ipynb beside it")
            found.append(Case(name, spec.stem, body, json.loads(spec.read_text())))
    return found


def cross_section(assignment: str) -> list[Case]:
    """One case of each kind the grader tells apart: a correct style, a notebook that does
    not load, a broken cell, and two misconceptions (the first of each, by name)."""
    by_kind: dict[str, list[Case]] = {"correct": [], "error": [], "broken cell": [], "misconception": []}
    for case in cases(assignment):
        rules = [rule or {} for rule in case.expected.get("lost", {}).values()]
        if case.expected.get("status") == "error":
            by_kind["error"].append(case)
        elif any(rule.get("outcome") == "error" for rule in rules):
            by_kind["broken cell"].append(case)
        elif any(rule.get("misconception") for rule in rules):
            by_kind["misconception"].append(case)
        elif not rules:
            by_kind["correct"].append(case)
    return by_kind["correct"][:1] + by_kind["error"][:1] + by_kind["broken cell"][:1] + by_kind["misconception"][:2]


def build(case: Case, directory: Path) -> Path:
    """Write the case's notebook as ``directory/<assignment>.ipynb`` and return its path."""
    return write_sample(case.path, COURSE.assignment(case.assignment), directory / f"{case.assignment}.ipynb")


def verdict(case: Case, result) -> list[str]:
    """What in ``result`` contradicts the case's expectation (empty when it is met)."""
    problems = []
    expected = case.expected
    if result.status != expected.get("status", "graded"):
        problems.append(f"status {result.status!r}, expected {expected.get('status', 'graded')!r}: {result.error}")
        return problems
    if result.status == "error":
        if expected.get("error_contains") and expected["error_contains"] not in (result.error or ""):
            problems.append(f"error {result.error!r} lacks {expected['error_contains']!r}")
        return problems
    size = len(json.dumps(result.to_dict(), indent=1, allow_nan=False).encode())
    if size > MAX_RESULT_BYTES:
        problems.append(f"the result record takes {size} bytes, more than {MAX_RESULT_BYTES}")
    if "truncated" in expected and result.truncated != expected["truncated"]:
        problems.append(f"truncated is {result.truncated}, expected {expected['truncated']}")
    for test in result.tests:
        if test.visibility == "hidden" and REVEALING.search(test.message):
            problems.append(f"{test.name}: a hidden check's message shows an expected value: {test.message[:300]}")
    lost = expected.get("lost", {})
    totals = result.points_by_function()
    for function, (got, most) in totals.items():
        failing = [t for t in result.tests if t.function == function and t.outcome != "passed"]
        if function not in lost:
            if got < most:
                problems.append(f"{function}: {got:g}/{most:g} but should keep full marks; "
                                + "; ".join(f"{t.name}: {t.message}" for t in failing)[:600])
            continue
        rule = lost[function] or {}
        if got >= most:
            problems.append(f"{function}: full marks but should lose points")
            continue
        if rule.get("misconception") and not any(t.misconception == rule["misconception"] for t in failing):
            problems.append(f"{function}: misconception {rule['misconception']!r} not named; got "
                            + "; ".join(f"{t.misconception}: {t.message}" for t in failing)[:600])
        if rule.get("message_contains") and not any(rule["message_contains"] in t.message for t in failing):
            problems.append(f"{function}: no message contains {rule['message_contains']!r}; got "
                            + "; ".join(t.message for t in failing)[:600])
        wrongly_named = {t.misconception for t in failing} & set(rule.get("not_named", ()))
        if wrongly_named:
            problems.append(f"{function}: names {sorted(wrongly_named)}, which do not explain this answer; got "
                            + "; ".join(f"{t.name}: {t.message}" for t in failing if t.misconception in wrongly_named)[:600])
        if "min_points" in rule and got < rule["min_points"]:
            problems.append(f"{function}: {got:g} points, at least {rule['min_points']:g} kept (an edge case costs "
                            "only its own check); failed: " + ", ".join(t.name for t in failing))
        if "points" in rule and got > rule["points"]:
            problems.append(f"{function}: {got:g} points, at most {rule['points']:g} allowed; passed: "
                            + ", ".join(t.name for t in result.tests if t.function == function and t.points > 0))
        if rule.get("outcome") and not any(t.outcome == rule["outcome"] for t in failing):
            problems.append(f"{function}: no check has outcome {rule['outcome']!r}")
    unknown = set(lost) - set(totals)
    if unknown:
        problems.append(f"expected losses on unknown functions {sorted(unknown)}")
    return problems


def variants_for_run(config, settings):
    """The hidden variants a corpus run uses: ``--hidden-variant N`` forces variant N for every
    case; by default each case (student) gets its own by the keyed hash."""
    from autograder.variants import hidden_variants

    chosen = config.getoption("--hidden-variant")
    return hidden_variants(settings, COURSE, forced=None if chosen in (None, "student") else int(chosen))


def grade_cases(selected: list[Case], workdir: Path, settings=None, variants=None) -> dict[str, object]:
    """Grade every case with the batch grader (one submitted/ folder per assignment).

    ``variants`` (``autograder.variants.HiddenVariants``) chooses the hidden inputs: by
    default the course's, assigned by case name; a forced variant grades every case with it.
    """
    from autograder.batch import run_batch
    from autograder.settings import load_settings

    settings = settings or load_settings({"device": "cpu"})
    results = {}
    for assignment in sorted({case.assignment for case in selected}):
        batch = [case for case in selected if case.assignment == assignment]
        submitted = workdir / assignment / "submitted"
        for case in batch:
            build(case, submitted / case.name / assignment)
        summary = run_batch(submitted, assignment, settings, workdir / assignment / "out", variants=variants)
        results.update({case.id: summary.results[case.name] for case in batch})
    return results
