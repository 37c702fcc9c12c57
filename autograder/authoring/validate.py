"""``python -m autograder validate``: the course's quality gate, one assignment at a time.

Every step reports all it finds, naming the file, cell, check or function, and the
steps after it run on whatever is there:

    files           the source notebook, the reference module and checks.py exist
    notebook        each solution cell keeps its ``def`` (or ``class``) line outside the solution
    functions       solution cells == functions the checks' @graded name == reference functions
    checks          each graded function has a public and a hidden check
    points          a function's visible / hidden test cell points == its public / hidden check points
    reference       the reference passes every check: CPU, and CUDA when there is one
    release         release/<a>/<a>.ipynb is what nbgrader makes from the source now, and leaks nothing
    misconceptions  each variant fails a check of its function and is diagnosed as itself
    corpus          the corpus follows its rules: known keys, functions and misconceptions, a case with
                    a broken cell, a correct style of its own for each graded function (``corpus.rule_problems``)
    run             the source notebook runs top to bottom in a Jupyter kernel (each cell within
                    ``CELL_TIMEOUT``), and each hidden test cell gives its points there

The checks run in-process in one check session per device, like a batch's self-test.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import torch

from .. import course as courses
from .. import reference_runner
from ..errors import CourseError
from ..release import run_nbgrader
from ..results import TestResult
from ..settings import load_settings
from ..submission import InProcessSubmission
from ..variants import HiddenVariants, SecretError, load_secret
from pcpt_portable.diagnosis import defines

BEGIN_SOLUTION = "### BEGIN SOLUTION"
SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
RELEASE_MUST_NOT_CONTAIN = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_checks")
# Code in a release that reaches the grader or the reference (students have neither).
ENGINE_USE = re.compile(r"^\s*(?:from|import)\s+(?:reference|autograder)\b|\b(?:reference|autograder)\.\w", re.M)
OPTIONAL_CONTENT = ("misconceptions.py", "corpus", "testfuncs.py", "plots.py", "assignment.toml")
CELL_TIMEOUT = 300   # seconds per cell of the source notebook (its hidden test cells run real checks)


@dataclass(frozen=True)
class Problem:
    step: str        # one of the steps in the module docstring
    where: str       # the file, cell, check or function at fault
    message: str

    def __str__(self) -> str:
        return f"[{self.step}] {self.where}: {self.message}"


@dataclass
class Report:
    assignment: str
    problems: list[Problem] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)   # one line per step that passed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, step: str, where: str, message: str) -> None:
        self.problems.append(Problem(step, where, message))

    def step(self, name: str, found: list[Problem], summary: str) -> None:
        """Record a step's problems, or what it verified when it found none."""
        self.problems.extend(found)
        if not found:
            self.verified.append(f"{name}: {summary}")

    def lines(self) -> list[str]:
        verdict = "ok" if self.ok else _count(len(self.problems), "problem")
        return ([f"{self.assignment}: {verdict} ({self.seconds:.1f} s)"] + [f"  ✓ {line}" for line in self.verified]
                + [f"  ✗ {problem}" for problem in self.problems])


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


# -- the notebook ----------------------------------------------------------------------------

def visible_test_id(function: str) -> str:
    return f"test_{function}"


def hidden_test_id(function: str) -> str:
    return f"hidden_test_{function}"


def nbgrader_cells(nb) -> dict[str, nbformat.NotebookNode]:
    """The notebook's nbgrader cells by grade_id."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}


def solution_cell_problems(nb, notebook: Path) -> list[Problem]:
    """Each solution cell: a unique grade_id, its ``def <grade_id>(`` or ``class <grade_id>`` line (and docstring) before
    ``### BEGIN SOLUTION`` so that the release keeps the signature (CONTRACT §1)."""
    found, seen = [], set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("solution") and cell.cell_type == "code"):
            continue
        grade_id = meta.get("grade_id", "")
        where = f"{notebook.name} solution cell {grade_id!r}"
        if grade_id in seen:
            found.append(Problem("notebook", where, "a second solution cell with this grade_id"))
        seen.add(grade_id)
        head, begin, rest = cell.source.partition(BEGIN_SOLUTION)
        if not begin or "### END SOLUTION" not in rest:
            found.append(Problem("notebook", where, "has no ### BEGIN SOLUTION ... ### END SOLUTION region"))
        elif not defines(head, grade_id):
            found.append(Problem("notebook", where, f"the line `def {grade_id}(` must stand before "
                                 f"{BEGIN_SOLUTION} (or `class {grade_id}` for a class: the grade_id names the "
                                 "function or class; the release keeps it)"))
        elif '"""' not in head:
            found.append(Problem("notebook", where, f"the docstring of {grade_id} must stand before {BEGIN_SOLUTION}"))
    return found


# -- points ----------------------------------------------------------------------------------

def check_points(plan: list[TestResult]) -> dict[str, tuple[float, float]]:
    """``{function: (public points, hidden points)}`` of a check session's plan."""
    totals: dict[str, list[float]] = {}
    for check in plan:
        totals.setdefault(check.function, [0.0, 0.0])[check.visibility != "public"] += check.max_points
    return {function: (public, hidden) for function, (public, hidden) in totals.items()}


def cell_points(nb) -> dict[str, float]:
    """``{grade_id: points}`` of the notebook's graded (test) cells."""
    return {grade_id: float(cell.metadata["nbgrader"].get("points", 0))
            for grade_id, cell in nbgrader_cells(nb).items() if cell.metadata["nbgrader"].get("grade")}


def points_problems(functions, nb, plan: list[TestResult], notebook: str = "notebook") -> list[Problem]:
    """nbgrader's points must be the grader's: ``test_<f>`` cell == public checks of f,
    ``hidden_test_<f>`` cell == hidden checks of f; no graded cell beside those."""
    cells, checks = cell_points(nb), check_points(plan)
    found = []
    for function in functions:
        for kind, grade_id, points in zip(("public", "hidden"), (visible_test_id(function), hidden_test_id(function)),
                                          checks.get(function, (0.0, 0.0))):
            if grade_id not in cells:
                found.append(Problem("points", f"{notebook} cell {grade_id!r}", f"missing: {function} needs a graded "
                                     f"{'hidden ' * (kind == 'hidden')}test cell worth its {kind} checks' "
                                     f"{points:g} points"))
            elif cells[grade_id] != points:
                found.append(Problem("points", f"{notebook} cell {grade_id!r}", f"worth {cells[grade_id]:g} points but "
                                     f"the {kind} checks of {function} give {points:g}"))
    expected = {i for f in functions for i in (visible_test_id(f), hidden_test_id(f))}
    for grade_id in sorted(set(cells) - expected):
        found.append(Problem("points", f"{notebook} cell {grade_id!r}", f"a graded cell ({cells[grade_id]:g} points) "
                             "of no graded function or class: name it test_<item> or hidden_test_<item>"))
    return found


# -- functions and checks ----------------------------------------------------------------------

def function_problems(assignment: courses.Assignment, plan: list[TestResult], reference) -> list[Problem]:
    graded = assignment.graded_functions
    checked = list(dict.fromkeys(check.function for check in plan))
    checks_file = _relative(assignment, assignment.checks_file)
    found = [Problem("functions", checks_file, f"no @graded check names {f} (a solution cell's grade_id)")
             for f in graded if f not in checked]
    found += [Problem("functions", checks_file, f"@graded names {f}, but no solution cell of "
                      f"{assignment.source_notebook.name} has grade_id {f!r}") for f in checked if f not in graded]
    if reference is not None:
        found += [Problem("functions", _relative(assignment, assignment.reference_file), f"does not define {f}")
                  for f in graded if not callable(getattr(reference, f, None))]
    return found


def check_count_problems(assignment: courses.Assignment, plan: list[TestResult]) -> list[Problem]:
    found = []
    for function in assignment.graded_functions:
        for visibility in ("public", "hidden"):
            if not any(c.function == function and c.visibility == visibility for c in plan):
                found.append(Problem("checks", function, f"has no {visibility} check in "
                                                         f"{_relative(assignment, assignment.checks_file)}"))
    return found


# -- the release -------------------------------------------------------------------------------

def comparable(nb):
    """What of a notebook nbgrader's release decides (cell ids and outputs aside)."""
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells], dict(nb.metadata)


def fresh_release(assignment: courses.Assignment) -> nbformat.NotebookNode:
    """What ``nbgrader generate_assignment`` makes of the source notebook now (in a scratch copy)."""
    with tempfile.TemporaryDirectory(prefix="pcpt-release-") as scratch:
        scratch = Path(scratch)
        shutil.copy2(assignment.root / "nbgrader_config.py", scratch / "nbgrader_config.py")
        shutil.copytree(assignment.source_notebook.parent, scratch / "source" / assignment.name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        completed = run_nbgrader(["generate_assignment", assignment.name, "--force", "--log-level=WARN"], scratch)
        if completed.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed: {completed.stderr[-1500:]}")
        return nbformat.read(scratch / "release" / assignment.name / f"{assignment.name}.ipynb", as_version=4)


def release_leaks(source, release, functions, where: str = "release") -> list[Problem]:
    """The release keeps a stub of each graded function and shows no solution, no hidden
    test and no use of the grader or the reference."""
    found = []
    released = nbgrader_cells(release)
    text = "\n".join(c.source for c in release.cells)
    found += [Problem("release", where, f"contains {marker!r}")
              for marker in RELEASE_MUST_NOT_CONTAIN if marker in text]
    for cell in release.cells:
        used = ENGINE_USE.search(cell.source) if cell.cell_type == "code" else None
        if used:
            found.append(Problem("release", where, f"code uses the grader or the reference: {used.group(0).strip()!r}"))
    for function in functions:
        stub = released[function].source if function in released else ""
        if not defines(stub, function) or "raise NotImplementedError()" not in stub:
            found.append(Problem("release", f"{where} cell {function!r}",
                                 f"lacks the stub `def {function}(...)` ... `raise NotImplementedError()` "
                                 f"(or `class {function}` with it)"))
    for grade_id, cell in nbgrader_cells(source).items():
        for pattern in (SOLUTION_BLOCK, HIDDEN_BLOCK):
            public_part = pattern.sub("", cell.source)  # e.g. a docstring stating the seed to use
            for block in pattern.findall(cell.source):
                for line in filter(None, (line.strip() for line in block.splitlines())):
                    if line not in public_part and grade_id in released and line in released[grade_id].source:
                        found.append(Problem("release", f"{where} cell {grade_id!r}", f"leaks {line!r}"))
    return found


def release_problems(assignment: courses.Assignment, source) -> list[Problem]:
    path = assignment.release_notebook
    where = _relative(assignment, path)
    if not path.exists():
        return [Problem("release", where, f"missing: run python -m autograder release {assignment.name}")]
    committed = nbformat.read(path, as_version=4)
    found = release_leaks(source, committed, assignment.graded_functions, where)
    try:
        fresh = fresh_release(assignment)
    except RuntimeError as exc:
        return found + [Problem("release", _relative(assignment, assignment.source_notebook), str(exc))]
    if comparable(fresh) != comparable(committed):
        found.append(Problem("release", where, "differs from what nbgrader generate_assignment makes of the source "
                             f"now{_first_difference(fresh, committed)}: run python -m autograder release "
                             f"{assignment.name}"))
    return found


def _first_difference(fresh, committed) -> str:
    for number, (new, old) in enumerate(zip(fresh.cells, committed.cells)):
        if comparable_cell(new) != comparable_cell(old):
            return f" (from cell {number}, {new.metadata.get('nbgrader', {}).get('grade_id', new.cell_type)!r})"
    if len(fresh.cells) != len(committed.cells):
        return f" ({len(fresh.cells)} cells, the committed release has {len(committed.cells)})"
    return " (notebook metadata)"


def comparable_cell(cell):
    return cell.cell_type, cell.source, dict(cell.metadata)


# -- running the checks ------------------------------------------------------------------------

def hidden_seeds(assignment: courses.Assignment) -> tuple[list[int], str]:
    """The hidden base seeds to test the reference with: every variant students get when
    the course has its secret, else the settings' base seed (no secret is created here)."""
    settings = load_settings(course=assignment.course)
    try:
        variants = HiddenVariants(load_secret(assignment.root, create=False), settings.variants, settings.seed)
    except SecretError:
        return [settings.seed], "hidden inputs of the base seed (the course has no secret yet)"
    return [variants.seed(assignment.name, v) for v in variants.in_use()], f"{settings.variants} hidden-input variants"


def reference_problems(checks, assignment: courses.Assignment, namespace: dict, seeds: list[int],
                       device: str) -> tuple[list[Problem], int]:
    """Grade the reference: every check, the hidden ones once per hidden seed."""
    failing, count = [], 0
    for number, seed in enumerate(seeds):
        results = checks.grade(InProcessSubmission(namespace, assignment), hidden_seed=seed,
                               select=None if number == 0 else (lambda meta: meta["visibility"] == "hidden"))
        count += len(results)
        failing += [Problem("reference", f"{r.name} ({r.function}, {device}"
                            + (f", hidden variant {number})" if r.visibility == "hidden" else ")"),
                            f"the reference fails its own check ({r.outcome}): {r.message[:400]}")
                    for r in results if r.outcome != "passed"]
    return failing, count


def misconception_problems(checks, assignment: courses.Assignment, namespace: dict, seed: int,
                           device: str) -> tuple[list[Problem], int, int]:
    """Grade each variant in place of its function (the other functions the reference's):
    it must fail a check, be named by one, and be named as no other variant of its function.
    (Diagnosis names neither of two variants that explain one result, so two variants that
    behave alike both show as named by no check; the last rule guards that.)
    A variant whose misconception only shows on other devices is skipped (the count returned last)."""
    module = assignment.content_module("misconceptions")
    table = getattr(module, "VARIANTS", {}) if module else {}
    where = _relative(assignment, assignment.folder / "misconceptions.py")
    found, count, skipped = [], 0, 0
    for function, variants in table.items():
        if function not in assignment.graded_functions:
            found.append(Problem("misconceptions", where, f"VARIANTS names {function}, not a graded function"))
            continue
        keys = {misconception.key for misconception, _ in variants}
        for number, (misconception, implementation) in enumerate(variants):
            if misconception.devices and device not in misconception.devices:
                skipped += 1
                continue
            count += 1
            label = f"{function} variant {number} ({misconception.key}, {device})"
            results = checks.grade(InProcessSubmission({**namespace, function: implementation}, assignment),
                                   hidden_seed=seed, select=lambda meta, f=function: meta["function"] == f)
            failing = [r for r in results if r.outcome != "passed"]
            if not failing:
                found.append(Problem("misconceptions", label, f"passes all {len(results)} checks of {function}: "
                                     "no check tells it from the reference"))
                continue
            # A misconception named only on evidence from the student's source (``source_order``)
            # cannot be named for an implementation run in this process: it has to fail, no more.
            if not misconception.source_order and not any(r.misconception == misconception.key for r in failing):
                named = "; ".join(f"{r.name}: {r.misconception or 'no misconception'}" for r in failing)
                found.append(Problem("misconceptions", label, f"fails but no failing check names "
                                     f"{misconception.key!r} (named: {named})"))
            for r in failing:
                if r.misconception in keys - {misconception.key}:
                    found.append(Problem("misconceptions", label, f"diagnosed as another variant, "
                                         f"{r.misconception!r}, by {r.name}"))
    return found, count, skipped


def _session_steps(report: Report, assignment: courses.Assignment, nb, reference, devices: list[str]) -> None:
    """The steps that need the checks, in one check session per device: on the first, the
    plan (functions, checks, points); on each, the reference and the misconceptions."""
    from ..runner import CheckSession

    seeds, seeds_text = hidden_seeds(assignment)
    namespace = dict(vars(reference))
    notebook = assignment.source_notebook.name

    def plan_steps(checks):
        plan = checks.plan()
        public = sum(c.visibility == "public" for c in plan)
        report.step("functions", function_problems(assignment, plan, reference),
                    f"{_count(len(assignment.graded_functions), 'graded item')} in notebook, checks and reference "
                    f"({', '.join(assignment.graded_functions)})")
        report.step("checks", check_count_problems(assignment, plan),
                    f"{public} public and {_count(len(plan) - public, 'hidden check')}, each function has both")
        report.step("points", points_problems(assignment.graded_functions, nb, plan, notebook),
                    f"cell points = check points ({sum(c.max_points for c in plan):g} in all)")

    def device_steps(checks, device):
        if device == devices[0]:
            plan_steps(checks)
        found, count = reference_problems(checks, assignment, namespace, seeds, device)
        report.step("reference", found, f"the reference passes {_count(count, 'check run')} on {device} ({seeds_text})")
        found, count, skipped = misconception_problems(checks, assignment, namespace, seeds[0], device)
        report.step("misconceptions", found, f"{_count(count, 'variant')} each fail a check on {device} and are "
                    "diagnosed as themselves" + (f"; {skipped} only differ on other devices" if skipped else ""))

    for device in devices:
        try:
            checks = CheckSession.open(assignment, device=device, seed=load_settings(course=assignment.course).seed)
        except CourseError as exc:   # the checks could not be collected
            report.add("checks", _relative(assignment, assignment.checks_file), str(exc))
            return
        with checks:
            device_steps(checks, device)


# -- the corpus and the notebook in a kernel --------------------------------------------------

def corpus_problems(assignment: courses.Assignment) -> list[Problem]:
    from .corpus import rule_problems

    return [Problem("corpus", where, message) for where, message in rule_problems(assignment)]


def _cell_label(nb, index: int) -> str:
    cell = nb.cells[index]
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {index} ({grade_id!r})" if grade_id else f"cell {index} ({first[:50]!r})"


def _hidden_points(cell) -> str:
    return "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs if o.output_type == "execute_result")


def notebook_run_problems(assignment: courses.Assignment, timeout: float = CELL_TIMEOUT) -> list[Problem]:
    """Run the source notebook top to bottom in a fresh kernel, as an instructor would: the first
    cell that raises or runs past ``timeout`` is named, and each hidden test cell that ran must
    give its points."""
    import nbclient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from ..release import use_nbgrader_env

    nb = nbformat.read(assignment.source_notebook, as_version=4)
    name, current = assignment.source_notebook.name, {"index": 0}
    failure, ran = [], len(nb.cells)
    use_nbgrader_env()
    with tempfile.TemporaryDirectory(prefix="pcpt-validate-run-") as scratch:
        client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                         resources={"metadata": {"path": scratch}},
                                         on_cell_start=lambda cell, cell_index: current.update(index=cell_index))
        try:
            client.execute()
        except (CellTimeoutError, CellExecutionError, DeadKernelError) as exc:
            ran = current["index"]
            error = next((o for o in nb.cells[ran].outputs if o.output_type == "error"), None)
            what = (f"still running after {timeout:g} s" if isinstance(exc, CellTimeoutError)
                    else f"the kernel died: {exc}" if isinstance(exc, DeadKernelError)
                    else f"raises {error.ename}: {error.evalue}" if error
                    else f"raises {str(exc).strip().splitlines()[-1]}")
            failure.append(Problem("run", f"{name} {_cell_label(nb, ran)}", what[:400]))
    found = []
    for index, cell in enumerate(nb.cells[:ran]):
        meta = cell.metadata.get("nbgrader", {})
        points = f"{float(meta.get('points', 0)):g}"
        if meta.get("grade") and meta.get("grade_id", "").startswith("hidden_test_") and _hidden_points(cell) != points:
            found.append(Problem("run", f"{name} {_cell_label(nb, index)}",
                                 f"gives {_hidden_points(cell) or 'no'} points of {points} in Jupyter"))
    return found + failure


# -- the whole assignment ----------------------------------------------------------------------

def candidates(course: courses.Course) -> tuple[str, ...]:
    """The course's assignments, and any folder of source/ or assignments/ that would be one
    were its files complete (so that a missing checks.py is reported, not ignored)."""
    named = set(course.assignments)
    named |= {p.name for p in (course.root / "source").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    named |= {p.name for p in (course.root / courses.CONTENT).iterdir()
              if p.is_dir() and not p.name.startswith((".", "_"))}
    return tuple(sorted(named))


def validate(course: courses.Course, name: str, *, release: bool = True, run: bool = True,
             devices: list[str] | None = None) -> Report:
    """Every check of one assignment of ``course``; the problems found and what passed."""
    started = time.monotonic()
    if name not in candidates(course):
        raise courses.UnknownAssignment(f"unknown assignment {name!r} in the course at {course.root}; expected one of "
                                        f"{', '.join(candidates(course)) or 'none'}")
    report = Report(name)
    files = courses.Assignment(course, name, ())
    required = (files.source_notebook, files.reference_file, files.checks_file)
    missing = [Problem("files", str(path), "missing (required)") for path in required if not path.exists()]
    optional = [part for part in OPTIONAL_CONTENT if (files.folder / part).exists()]
    report.step("files", missing, "notebook, reference and checks present"
                + (f"; also {', '.join(optional)}" if optional else ""))
    nb = _read_notebook(report, files.source_notebook)
    if nb is None:
        report.seconds = time.monotonic() - started
        return report
    report.step("notebook", solution_cell_problems(nb, files.source_notebook),
                "every def or class line and docstring stand outside the solution")
    if missing:
        report.seconds = time.monotonic() - started
        return report
    assignment = course.assignment(name)
    if release:
        report.step("release", release_problems(assignment, nb), "in sync with the source; no solution, hidden "
                                                                 "test or grader code in it")
    reference = _import_reference(report, assignment)
    if reference is not None:   # the check session grades against it
        devices = devices or ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
        _session_steps(report, assignment, nb, reference, devices)
    report.step("corpus", corpus_problems(assignment), "known keys, functions and misconceptions; a broken cell; a "
                "correct style of its own for each function")
    if run:
        report.step("run", notebook_run_problems(assignment), f"{assignment.source_notebook.name} runs top to bottom "
                    "in a kernel and its hidden test cells give their points")
    report.seconds = time.monotonic() - started
    return report


def _read_notebook(report: Report, path: Path):
    if not path.exists():
        return None
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook is the author's to fix
        report.add("files", str(path), f"not a readable notebook: {exc}")
        return None


def _import_reference(report: Report, assignment: courses.Assignment):
    try:
        return reference_runner.reference_module(assignment)
    except Exception as exc:  # noqa: BLE001 - a broken reference module is the author's to fix
        report.add("reference", str(assignment.reference_file), f"cannot be imported: {type(exc).__name__}: {exc}")
        return None


def _relative(assignment: courses.Assignment, path: Path) -> str:
    try:
        return str(path.relative_to(assignment.root))
    except ValueError:
        return str(path)


def main(course: courses.Course, names: list[str], *, release: bool = True, run: bool = True) -> int:
    """Validate ``names`` (default: every assignment), print a summary of each; 1 when any has a problem."""
    names = names or list(candidates(course))
    failed = 0
    for name in names:
        report = validate(course, name, release=release, run=run)
        print("\n".join(report.lines()), flush=True)
        failed += not report.ok
    print(f"{len(names) - failed} of {len(names)} assignments pass validation")
    return 1 if failed else 0
