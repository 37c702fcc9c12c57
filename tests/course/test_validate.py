"""``python -m autograder validate``: this course passes it, and it names each kind of problem."""

import ast
import json
import re
import subprocess
import sys

import nbformat
import pytest

from autograder.authoring.validate import release_leaks, validate
from tests.helpers.course import ASSIGNMENTS, COURSE, GRADED_FUNCTIONS, copy_course, release_notebook, source_notebook

# Problems validate finds and the course has not fixed, per assignment; listed so that any
# other problem still fails, and a fix is noticed.
KNOWN_PROBLEMS: dict[str, set[str]] = {}   # none: every assignment passes


def without_device(problem) -> str:
    return re.sub(r", (cpu|cuda)\)", ")", str(problem))


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_course_passes_validation(assignment):
    report = validate(COURSE, assignment, run=False)   # the notebooks' run: tests/course/test_notebooks.py
    found = {without_device(problem) for problem in report.problems}
    assert found == KNOWN_PROBLEMS.get(assignment, set()), "\n".join(report.lines())
    assert {line.split(":")[0] for line in report.verified} >= {
        "files", "notebook", "release", "functions", "checks", "points", "reference", "corpus"}


def drop_hidden_checks(checks_file, function):
    """Delete every hidden check of ``function`` (``@graded(function, points)`` without public=True)."""
    text = checks_file.read_text()
    lines = text.splitlines(keepends=True)
    spans = []
    for node in ast.parse(text).body:
        for decorator in getattr(node, "decorator_list", []):
            if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "graded"
                    and ast.literal_eval(decorator.args[0]) == function
                    and not any(k.arg == "public" and ast.literal_eval(k.value) for k in decorator.keywords)):
                spans.append((node.decorator_list[0].lineno - 1, node.end_lineno))
    assert spans, f"no hidden check of {function} in {checks_file}"
    for start, end in reversed(spans):
        del lines[start:end]
    checks_file.write_text("".join(lines))


def edit_notebook(path, grade_id, change):
    nb = nbformat.read(path, as_version=4)
    change(next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id))
    nbformat.write(nb, path)


def break_corpus(folder):
    """No broken-cell case, no correct style of its own for five of the six functions, a case with typos."""
    for spec in folder.glob("*.json"):
        correct_elsewhere = spec.stem.startswith("correct") and spec.stem != "correct_torch_func_grad"
        if correct_elsewhere or '"outcome": "error"' in spec.read_text():
            spec.unlink()
    (folder / "typos.py").write_text("# %% some_fun\ndef some_fun(x):\n    return x\n")
    (folder / "typos.json").write_text(json.dumps({
        "description": "keys and names that mean nothing", "lsot": {},
        "lost": {"some_fun": None, "some_func": {"misconception": "no_such_mistake", "message_contain": "x"}}}))


@pytest.fixture(scope="module")
def broken_course_report(tmp_path_factory):
    """gradient_basics and numerical_gradients, each broken in its own ways, validated in one run."""
    root = copy_course(tmp_path_factory.mktemp("broken") / "course")
    content = root / "assignments" / "gradient_basics"
    notebook = root / "source" / "gradient_basics" / "gradient_basics.ipynb"
    drop_hidden_checks(content / "checks.py", "some_func")
    edit_notebook(notebook, "test_derivative_at", lambda cell: cell.metadata["nbgrader"].update(points=3))
    edit_notebook(notebook, "step_mse_loss", lambda cell: cell.metadata["nbgrader"].update(grade_id="step_mse"))
    with open(content / "misconceptions.py", "a") as out:
        out.write("\nfrom reference.gradient_basics import derivative_at as _reference_derivative_at\n"
                  "VARIANTS['derivative_at'] = [(VARIANTS['derivative_at'][0][0], _reference_derivative_at)]\n"
                  "VARIANTS['step_plain_python'] = [_STEP_VARIANTS[0], (c.GRADIENT_ASCENT, _step_without_factor_2)]\n")
    (root / "assignments" / "numerical_gradients" / "checks.py").unlink()
    break_corpus(content / "corpus")
    nb = nbformat.read(notebook, as_version=4)       # a lesson cell that raises, after the hidden test cells
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('the lesson is broken here')"))
    nbformat.write(nb, notebook)
    done = subprocess.run([sys.executable, "-m", "autograder", "--course", root, "validate", "gradient_basics",
                           "numerical_gradients"], capture_output=True, text=True, timeout=600)
    return done


def test_validate_fails_a_broken_course(broken_course_report):
    assert broken_course_report.returncode == 1, broken_course_report.stderr
    assert "0 of 2 assignments pass validation" in broken_course_report.stdout


@pytest.mark.parametrize("expected", [
    "[checks] some_func: has no hidden check in assignments/gradient_basics/checks.py",
    "[points] gradient_basics.ipynb cell 'test_derivative_at': worth 3 points but the public checks of derivative_at "
    "give 1",
    "[points] gradient_basics.ipynb cell 'hidden_test_some_func': worth 1 points but the hidden checks of some_func "
    "give 0",
    "[functions] assignments/gradient_basics/checks.py: @graded names step_mse_loss, but no solution cell of "
    "gradient_basics.ipynb has grade_id 'step_mse_loss'",
    "[functions] assignments/gradient_basics/checks.py: no @graded check names step_mse",
    "[notebook] gradient_basics.ipynb solution cell 'step_mse': the line `def step_mse(` must stand before",
    "[misconceptions] derivative_at variant 0 (value_instead_of_derivative, cpu): passes all",
    "[misconceptions] step_plain_python variant 1 (gradient_ascent, cpu): fails but no failing check names "
    "'gradient_ascent'",
    "[misconceptions] step_plain_python variant 0 (missing_factor_2, cpu): fails but no failing check names "
    "'missing_factor_2'",
    "[release] release/gradient_basics/gradient_basics.ipynb: differs from what nbgrader generate_assignment makes",
    "assignments/numerical_gradients/checks.py: missing (required)",
    "[corpus] corpus: no case with a broken cell (a cell that does not run, its function \"lost\" with "
    "\"outcome\": \"error\")",
    "[corpus] corpus: no correct case rewrites step_optimizer (a correct style of its own",
    "[corpus] corpus/typos.json: unknown key 'lsot' (known: description, lost,",
    "[corpus] corpus/typos.json: lost names 'some_fun', not a graded function",
    "[corpus] corpus/typos.json: some_func: unknown key 'message_contain' (known: misconception, message_contains,",
    "[corpus] corpus/typos.json: some_func: misconception 'no_such_mistake' is no known misconception",
    "[corpus] corpus/typos.json: replaces cell 'some_fun', which is no solution cell of the assignment",
    "('hidden_test_some_func'): gives 0 points of 1 in Jupyter",
    "(\"raise RuntimeError('the lesson is broken here')\"): raises RuntimeError: the lesson is broken here",
], ids=["hidden check deleted", "cell points", "hidden cell points", "grade_id renamed (checks)",
        "grade_id renamed (notebook)", "def line", "variant is the reference", "variant named as another",
        "two variants alike", "release out of date", "checks.py removed", "corpus: no broken cell",
        "corpus: no correct style of a function", "corpus: unknown key", "corpus: unknown function",
        "corpus: unknown rule key", "corpus: unknown misconception", "corpus: unknown cell",
        "run: hidden test cell short of points", "run: a cell raises"])
def test_validate_names_each_problem(broken_course_report, expected):
    assert expected in broken_course_report.stdout, broken_course_report.stdout + broken_course_report.stderr


@pytest.mark.slow   # a kernel
def test_a_cell_that_runs_too_long_is_named(tmp_path):
    from types import SimpleNamespace

    from autograder.authoring.validate import notebook_run_problems

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("import time\ntime.sleep(60)")])
    nbformat.write(nb, tmp_path / "slow.ipynb")
    found = notebook_run_problems(SimpleNamespace(source_notebook=tmp_path / "slow.ipynb"), timeout=2)
    assert [str(p) for p in found] == ["[run] slow.ipynb cell 1 ('import time'): still running after 2 s"]


def test_validate_reports_what_it_verified_of_the_intact_steps(broken_course_report):
    assert "✓ reference: the reference passes" in broken_course_report.stdout


def test_release_leaks_name_a_solution_line_and_grader_code_in_the_release():
    source = nbformat.read(source_notebook("gradient_basics"), as_version=4)
    release = nbformat.read(release_notebook("gradient_basics"), as_version=4)
    stub = next(c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "some_func")
    stub.source = stub.source.replace("raise NotImplementedError()", "return x * x + 3 * x + 1")
    release.cells.append(nbformat.v4.new_code_cell("from reference.gradient_basics import some_func"))
    found = [str(p) for p in release_leaks(source, release, GRADED_FUNCTIONS["gradient_basics"])]
    assert "[release] release cell 'some_func': leaks 'return x * x + 3 * x + 1'" in found
    assert "[release] release cell 'some_func': lacks the stub `def some_func(...)` ... `raise NotImplementedError()` " \
        "(or `class some_func` with it)" in found
    assert "[release] release: code uses the grader or the reference: 'from reference'" in found



def test_a_variant_named_as_another_variant_of_its_function_is_a_problem(tmp_path):
    """Diagnosis names neither of two variants that fit one answer, so a real course cannot
    show this; a check session that names the wrong variant stands in for a diagnosis that
    would (the rule is what keeps a change to diagnosis honest)."""
    from types import SimpleNamespace

    from autograder.authoring.validate import misconception_problems
    from autograder.misconceptions.catalogue import Misconception

    halved, doubled = (Misconception.of(key, key, "fix") for key in ("halved", "doubled"))
    variants = {"scale": [(halved, lambda x: x / 2), (doubled, lambda x: x * 2)]}
    assignment = SimpleNamespace(name="toy", root=tmp_path, folder=tmp_path / "assignments" / "toy",
                                 graded_functions=("scale",),
                                 content_module=lambda stem: SimpleNamespace(VARIANTS=variants))

    class NamesEveryVariantDoubled:
        def grade(self, submission, hidden_seed, select):
            return [SimpleNamespace(name="test_scale", outcome="failed", misconception="doubled")]

    found, count, skipped = misconception_problems(NamesEveryVariantDoubled(), assignment, {}, 0, "cpu")
    assert (count, skipped) == (2, 0)
    assert [str(p) for p in found] == [
        "[misconceptions] scale variant 0 (halved, cpu): fails but no failing check names 'halved' "
        "(named: test_scale: doubled)",
        "[misconceptions] scale variant 0 (halved, cpu): diagnosed as another variant, 'doubled', by test_scale"]


CLASS_CELL = '''class Sigmoid(torch.autograd.Function):
    """Sigmoid with a hand-written backward."""

    @staticmethod
    def forward(ctx, z):
        ### BEGIN SOLUTION
        s = torch.sigmoid(z)
        ctx.save_for_backward(s)
        return s
        ### END SOLUTION

    @staticmethod
    def backward(ctx, grad_output):
        ### BEGIN SOLUTION
        s, = ctx.saved_tensors
        return grad_output * s * (1 - s)
        ### END SOLUTION
'''


def _solution_notebook(source: str, grade_id: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": grade_id, "locked": False}
    return nbformat.v4.new_notebook(cells=[cell])


def test_a_class_solution_cell_keeps_its_class_line_outside_the_solution(tmp_path):
    from autograder.authoring.validate import solution_cell_problems

    assert solution_cell_problems(_solution_notebook(CLASS_CELL, "Sigmoid"), tmp_path / "backprop.ipynb") == []
    inside = CLASS_CELL.replace('class Sigmoid(torch.autograd.Function):\n    """Sigmoid with a hand-written backward."""\n',
                                "### BEGIN SOLUTION\nclass Sigmoid(torch.autograd.Function):\n", 1)
    found = [str(p) for p in solution_cell_problems(_solution_notebook(inside, "Sigmoid"), tmp_path / "b.ipynb")]
    assert any("the line `def Sigmoid(` must stand before ### BEGIN SOLUTION (or `class Sigmoid` for a class" in p
               for p in found), found
    stub = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "raise NotImplementedError()", CLASS_CELL, flags=re.S)
    source, release = _solution_notebook(CLASS_CELL, "Sigmoid"), _solution_notebook(stub, "Sigmoid")
    assert release_leaks(source, release, ("Sigmoid",)) == []
