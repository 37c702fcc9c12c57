"""``python -m autograder corpus NAME``: an assignment's sample submissions, graded against their expected outcomes.

``assignments/<a>/corpus/<case>.py`` holds the cells a student changed, in the format of
``autograder.samples`` (``# %% <grade_id>`` markers); ``<case>.ipynb`` files are used as they
are (broken notebooks). ``<case>.json`` says what grading must give (every key: ``CASE_KEYS``
and ``RULE_KEYS``, documented in docs/authoring.md):

    {"description": "...",
     "status": "graded",                        (or "error"; "error_contains": text of the error)
     "lost": {"loss": {"misconception": "sum_instead_of_mean",
                            "message_contains": "summed"}},
     "devices": ["cuda"],                      (only meaningful on these devices)
     "truncated": true,                        (the record says output was cut, or not)
     "must_not_reveal": ["..."],               (hostile cases: text no output may contain)
     "known_gap": "..."}                       (hostile cases: a documented limit, expected to fail)

Every function not listed in ``lost`` must keep all its points; each listed one must lose at
least one check, and name the misconception when one is given. In every case, no hidden
check's message may show an expected value (``REVEALING``). ``rule_problems`` holds the rules
a corpus itself must follow (``validate`` enforces them).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import course as courses
from ..errors import AutograderError
from ..results import MAX_RESULT_BYTES
from ..samples import MARKER, write_sample

CASE_KEYS = {
    "description": "what the case is (one line)",
    "lost": "{function: rule or null}: the functions that must lose points; every other keeps full marks",
    "status": '"graded" (default) or "error": the whole notebook cannot be graded',
    "error_contains": 'with "status": "error", text the error must contain',
    "devices": 'the grading devices the case is about (["cuda"]); skipped on others',
    "truncated": "whether the result record must say that output was cut",
    "must_not_reveal": "text no output of grading may contain (hostile cases)",
    "known_gap": "a documented limit: the case is expected to fail until it is fixed (hostile cases)",
}
RULE_KEYS = {
    "misconception": "a failing check of the function names this misconception key",
    "message_contains": "a failing check's message contains this text",
    "outcome": '"failed", "error" or "timeout": a failing check has this outcome (a broken cell: "error")',
    "points": "the most points the function may keep",
    "min_points": "the fewest points it must keep (a mistake only an edge-case check may cost)",
    "not_named": "misconception keys no failing check may name (they do not explain this answer)",
}
# What a hidden check's message must never contain: an expected number, or the difference to it.
REVEALING = re.compile(r"expected -?(?:\d|\.\d|inf|nan)|\(difference [-\d.]|allowed \d")


@dataclass
class Case:
    assignment: str
    name: str
    path: Path
    expected: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.name}"

    @property
    def correct(self) -> bool:
        """A correct style: graded, and no function may lose a point."""
        return not self.expected.get("lost") and self.expected.get("status", "graded") == "graded"

    @property
    def broken_cell(self) -> bool:
        """One cell that does not run: its function loses points through an error."""
        return any(rule and rule.get("outcome") == "error" for rule in self.expected.get("lost", {}).values())

    def changed_cells(self) -> list[str]:
        """The grade_ids the case's ``.py`` replaces (none for an ``.ipynb`` used as it is)."""
        return [] if self.path.suffix != ".py" else MARKER.findall(self.path.read_text())


class CorpusError(AutograderError, ValueError):
    """A case file that cannot be read (no body beside its ``.json``, JSON that does not parse)."""


def _folders(root: Path | None, assignment: str | None, course: courses.Course | None) -> list[tuple[str, Path]]:
    """(assignment, folder of cases): the course's corpora, or ``root/<assignment>/``."""
    if root is None:
        course = course or courses.load_course()
        names = [course.assignment(assignment).name] if assignment else course.assignments
        return [(name, course.assignment(name).corpus_dir) for name in names]
    return [(folder.name, folder) for folder in sorted(root.iterdir()) if folder.is_dir()
            and (assignment is None or folder.name == assignment)]


def cases(assignment: str | None = None, root: Path | None = None, course: courses.Course | None = None) -> list[Case]:
    """The cases of one assignment (or all), of ``course`` (default: the one in use) or under ``root/<assignment>/``."""
    return [case for name, folder in _folders(root, assignment, course) for case in _read_cases(name, folder)]


def _read_cases(assignment: str, folder: Path) -> list[Case]:
    found = []
    if not folder.is_dir():
        return found
    for spec in sorted(folder.glob("*.json")):
        body = next((p for p in (spec.with_suffix(".py"), spec.with_suffix(".ipynb")) if p.exists()), None)
        if body is None:
            raise CorpusError(f"{spec} has no .py or .ipynb beside it")
        try:
            expected = json.loads(spec.read_text())
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{spec} is not valid JSON: {exc}") from None
        found.append(Case(assignment, spec.stem, body, expected))
    return found


def cross_section(assignment: str, course: courses.Course | None = None) -> list[Case]:
    """One case of each kind the grader tells apart: a correct style, a notebook that does
    not load, a broken cell, and two misconceptions (the first of each, by name)."""
    by_kind: dict[str, list[Case]] = {"correct": [], "error": [], "broken cell": [], "misconception": []}
    for case in cases(assignment, course=course):
        rules = [rule or {} for rule in case.expected.get("lost", {}).values()]
        if case.expected.get("status") == "error":
            by_kind["error"].append(case)
        elif case.broken_cell:
            by_kind["broken cell"].append(case)
        elif any(rule.get("misconception") for rule in rules):
            by_kind["misconception"].append(case)
        elif not rules:
            by_kind["correct"].append(case)
    return by_kind["correct"][:1] + by_kind["error"][:1] + by_kind["broken cell"][:1] + by_kind["misconception"][:2]


def build(case: Case, directory: Path, course: courses.Course | None = None) -> Path:
    """Write the case's notebook as ``directory/<assignment>.ipynb`` and return its path."""
    assignment = (course or courses.load_course()).assignment(case.assignment)
    return write_sample(case.path, assignment, directory / f"{case.assignment}.ipynb")


def write_samples(course: courses.Course, assignment: str, out: Path) -> list[Path]:
    """Every case as a submission in nbgrader's layout, ``out/<case>/<assignment>/<assignment>.ipynb``."""
    return [build(case, out / case.name / case.assignment, course) for case in cases(assignment, course=course)]


# -- the rules of a corpus (validate) -----------------------------------------------------------

def rule_problems(assignment: courses.Assignment) -> list[tuple[str, str]]:
    """``(where, message)`` for each rule the assignment's corpus breaks: only known keys, functions
    and misconceptions; a case with one broken cell (``"outcome": "error"``); and for each graded
    function a correct case that rewrites its cell (a style of its own, not the instructor's)."""
    from ..misconceptions import known

    try:
        found_cases = _read_cases(assignment.name, assignment.corpus_dir)
    except CorpusError as exc:
        return [(str(assignment.corpus_dir), str(exc))]
    if not found_cases:
        return [(str(assignment.corpus_dir), "no corpus case (add correct styles, a broken cell and one case per "
                                             "misconception)")]
    problems = []
    functions, misconceptions = set(assignment.graded_functions), set(known(assignment.course))
    for case in found_cases:
        where = f"corpus/{case.name}.json"
        problems += [(where, f"unknown key {key!r} (known: {', '.join(CASE_KEYS)})")
                     for key in case.expected if key not in CASE_KEYS]
        lost = case.expected.get("lost", {})
        if not isinstance(lost, dict):
            problems.append((where, '"lost" must be {function: rule or null}'))
            continue
        for function, rule in lost.items():
            if function not in functions:
                problems.append((where, f"lost names {function!r}, not a graded function "
                                        f"({', '.join(assignment.graded_functions)})"))
            if rule is not None and not isinstance(rule, dict):
                problems.append((where, f"the rule of {function} must be an object or null"))
                continue
            problems += [(where, f"{function}: unknown key {key!r} (known: {', '.join(RULE_KEYS)})")
                         for key in rule or {} if key not in RULE_KEYS]
            for key in ("misconception",) + (() if rule is None else ("not_named",)):
                named = (rule or {}).get(key)
                for name in [named] if isinstance(named, str) else named or []:
                    if name not in misconceptions:
                        problems.append((where, f"{function}: {key} {name!r} is no known misconception"))
        problems += [(where, f"replaces cell {cell!r}, which is no solution cell of the assignment")
                     for cell in case.changed_cells() if cell not in functions | {"new", "setup"}]
    if not any(case.broken_cell for case in found_cases):
        problems.append(("corpus", 'no case with a broken cell (a cell that does not run, its function '
                                   '"lost" with "outcome": "error")'))
    restyled = {cell for case in found_cases if case.correct for cell in case.changed_cells()}
    problems += [("corpus", f"no correct case rewrites {function} (a correct style of its own: a case that "
                            f"replaces its cell and loses nothing)")
                 for function in assignment.graded_functions if function not in restyled]
    return problems


# -- grading ------------------------------------------------------------------------------------

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


def grade_cases(selected: list[Case], workdir: Path, settings=None, variants=None, progress=None,
                course: courses.Course | None = None) -> dict[str, object]:
    """Grade every case with the batch grader (one submitted/ folder per assignment).

    ``variants`` (``autograder.variants.HiddenVariants``) chooses the hidden inputs: by
    default the course's, assigned by case name; a forced variant grades every case with it.
    """
    from ..batch import run_batch
    from ..settings import load_settings

    settings = settings or load_settings({"device": "cpu"})
    results = {}
    for assignment in sorted({case.assignment for case in selected}):
        batch = [case for case in selected if case.assignment == assignment]
        submitted = workdir / assignment / "submitted"
        for case in batch:
            build(case, submitted / case.name / assignment, course)
        summary = run_batch(submitted, assignment, settings, workdir / assignment / "out", variants=variants,
                            progress=progress)
        results.update({case.id: summary.results[case.name] for case in batch})
    return results


@dataclass
class CorpusRun:
    assignment: str
    device: str
    verdicts: dict[str, list[str]]        # case name -> problems (empty: as expected)
    skipped: list[str]                    # cases about other devices
    seconds: float

    @property
    def mismatches(self) -> dict[str, list[str]]:
        return {name: found for name, found in self.verdicts.items() if found}

    def lines(self) -> list[str]:
        lines = [f"MISMATCH {name}: {problem}" for name, found in self.mismatches.items() for problem in found]
        lines.append(f"{self.assignment}: {len(self.verdicts) - len(self.mismatches)} of {len(self.verdicts)} cases "
                     f"graded as expected on {self.device}"
                     + (f" ({len(self.skipped)} about other devices skipped: {', '.join(self.skipped)})"
                        if self.skipped else "") + f" ({self.seconds:.0f} s)")
        return lines


def run_corpus(course: courses.Course, assignment: str, settings, workdir: Path, *, variants=None,
               progress=None) -> CorpusRun:
    """Grade ``assignment``'s corpus on ``settings.device`` and compare each case with its ``.json``."""
    import torch

    started = time.monotonic()
    device = settings.device if settings.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    every = cases(assignment, course=course)
    selected = [case for case in every if device in case.expected.get("devices", [device])]
    skipped = [case.name for case in every if case not in selected]
    results = grade_cases(selected, workdir, settings, variants, progress, course)
    verdicts = {case.name: verdict(case, results[case.id]) for case in selected}
    return CorpusRun(assignment, device, verdicts, skipped, time.monotonic() - started)
