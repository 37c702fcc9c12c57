"""autograder.authoring: the mutants of a solution cell, and an audit graded by the real pipeline."""

from __future__ import annotations

import ast
import textwrap

import pytest

from autograder.authoring import audit
import torch

from autograder.authoring.mutants import GRADIENT_OPERATORS, MutationError, mutants
from autograder.results import GradeResult, TestResult
from autograder.settings import Settings
from tests.helpers.course import COURSE


def cell(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def sources(text: str, function: str = "f", operator: str | None = None) -> set[str]:
    """The mutated functions' bodies (without the ``def`` line), one string per mutant."""
    found = [m for m in mutants(cell(text), function) if operator is None or m.operator == operator]
    return {"\n".join(line.strip() for line in m.mutated.splitlines()[1:]) for m in found}


# --- operators ----------------------------------------------------------------------------

def test_loop_bounds_are_moved_by_one_each_way():
    assert sources("def f(n):\n    return [k for k in range(n)]", operator="range_bound") == {
        "return [k for k in range(n - 1)]", "return [k for k in range(n + 1)]"}
    assert sources("def f(a, b):\n    return list(range(a, b))", operator="range_bound") == {
        "return list(range(a, b - 1))", "return list(range(a, b + 1))",
        "return list(range(a - 1, b))", "return list(range(a + 1, b))"}


def test_comparisons_flip_strictness_and_equality():
    assert sources("def f(a, b):\n    return (a < b, a >= b, a == b)", operator="comparison") == {
        "return (a <= b, a >= b, a == b)", "return (a < b, a > b, a == b)", "return (a < b, a >= b, a != b)"}


def test_signs_flip_in_subtraction_in_place_updates_and_unary_minus():
    found = sources("def f(x, g):\n    x -= g\n    y = -g\n    return x - y", operator="sign")
    assert "x += g\ny = -g\nreturn x - y" in found
    assert "x -= g\ny = g\nreturn x - y" in found
    assert "x -= g\ny = -g\nreturn x + y" in found
    assert "x -= -g\ny = -g\nreturn x - y" in found          # a minus added to an update
    assert "x -= g\ny = -g\nreturn -(x - y)" in found


def test_factors_and_terms_are_dropped_and_constants_moved():
    assert sources("def f(a, b):\n    return a * b + 2", operator="drop") == {
        "return a * b", "return 2", "return a + 2", "return b + 2"}
    assert sources("def f(a):\n    return 2 * a", operator="constant") == {"return 1 * a", "return 3 * a"}
    # ``-1`` moves as one number; ``a[0]`` is the index operator's mutant, so it is named after that one.
    assert sources("def f(a):\n    return a[-1]", operator="constant") == {"return a[-2]"}


def test_mean_and_sum_swap_as_methods_functions_and_reduction_keywords():
    found = sources("""
        def f(x):
            loss = torch.nn.MSELoss(reduction='mean')
            return loss(x, x) + torch.sum(x) + x.mean()
        """, operator="reduction")
    assert any("MSELoss(reduction='sum')" in s for s in found)
    assert any("torch.mean(x)" in s for s in found)
    assert any("x.sum()" in s for s in found)
    assert len(found) == 3


def test_first_last_and_largest_elements_swap():
    assert sources("def f(xs):\n    return xs[-1]", operator="index") == {"return xs[0]"}
    assert sources("def f(xs):\n    return xs[0]", operator="index") == {"return xs[-1]"}
    assert sources("def f(xs):\n    return xs[-1]", operator="element") == {"return max(xs)"}
    assert sources("def f(xs):\n    return xs.max()", operator="element") == {"return xs[0]", "return xs[-1]"}
    assert sources("def f(worst, d):\n    return max(worst, d)", operator="element") == {"return worst", "return d"}


def test_value_from_before_the_last_update_is_returned_from_a_copy_taken_at_the_loop_start():
    found = sources("""
        def f(w, steps):
            for _ in range(steps):
                w -= 0.1 * w
            return w.item()
        """, operator="before_update")
    assert found == {"for _ in range(steps):\n"
                     "_before_w = w.detach().clone() if hasattr(w, 'detach') else w\n"
                     "w -= 0.1 * w\n"
                     "return _before_w.item()"}


def test_before_update_mutants_run_and_return_the_previous_value():
    namespace = {}
    (mutant,) = [m for m in mutants(cell("""
        def f(steps):
            total = 0
            for k in range(steps):
                total = total + k
            return total
        """), "f") if m.operator == "before_update"]
    exec(mutant.cell, namespace)
    assert namespace["f"](4) == 0 + 1 + 2       # the last update (+3) is not in the result


def test_gradient_clearing_no_grad_clone_detach_and_append_are_removed_or_moved():
    text = """
        def f(w, opt, xs):
            opt.zero_grad()
            w.grad.zero_()
            w.grad = None
            with torch.no_grad():
                w -= w.grad
            losses = []
            for x in xs:
                losses.append(x)
                x = x + 1
            return w.detach().clone(), losses
        """
    cleared = sources(text, operator="grad_clear")
    assert len(cleared) == 3 and all(s.count("zero_grad") + s.count("zero_()") + s.count("= None") == 2 for s in cleared)
    (unwrapped,) = sources(text, operator="no_grad")
    assert "no_grad" not in unwrapped and "w -= w.grad" in unwrapped
    assert {s.split("\n")[-1] for s in sources(text, operator="clone_detach")} == {
        "return (w.clone(), losses)", "return (w.detach(), losses)"}
    appends = sources(text, operator="append")
    assert len(appends) == 2                  # removed; moved to the end (moving to the start changes nothing)
    assert any("x = x + 1\nlosses.append(x)" in s for s in appends)


# --- operators that keep the values and break the gradient ----------------------------------

def run_mutants(text: str, function: str, operator: str):
    """Each mutant of ``operator`` compiled: ``{description: the mutated function}``."""
    found = {}
    for m in mutants(cell(text), function):
        if m.operator == operator:
            namespace = {"torch": torch}
            exec(m.cell, namespace)
            found[m.description] = namespace[function]
    return found


def value_and_gradient(fn, *values):
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    out = fn(*leaves)
    grads = torch.autograd.grad(out.sum(), leaves, allow_unused=True) if out.requires_grad else [None] * len(leaves)
    return out.detach(), grads


SOME_FUNC = """
    def some_func(x):
        return x * x + 3 * x + 1
    """


def test_detach_is_put_on_each_tensor_operand_and_keeps_the_values_only():
    found = run_mutants(SOME_FUNC, "some_func", "detach")
    assert sources(SOME_FUNC, "some_func", "detach") == {
        "return (x * x + 3 * x).detach() + 1", "return (x * x).detach() + 3 * x + 1",
        "return x * x + (3 * x).detach() + 1", "return x.detach() * x + 3 * x + 1", "return x * x.detach() + 3 * x + 1",
        "return x * x + 3 * x.detach() + 1"}
    for description, fn in found.items():
        value, (grad,) = value_and_gradient(fn, [2.0, -1.0])
        assert torch.equal(value, torch.tensor([11.0, -1.0], dtype=torch.float64)), description
        assert grad is None or not torch.equal(grad, torch.tensor([7.0, 1.0], dtype=torch.float64)), description
    assert "line 2: `.detach()` on the left operand `x` of `x * x`" in found


def test_a_statement_under_no_grad_and_a_numpy_or_item_round_trip_cut_the_graph():
    text = """
        def mse(y_pred, y):
            diff = y_pred - y
            return (diff ** 2).mean()
        """
    assert sources(text, "mse", "graph_off") == {
        "with torch.no_grad():\ndiff = y_pred - y\nreturn (diff ** 2).mean()",
        "diff = y_pred - y\nwith torch.no_grad():\nreturn (diff ** 2).mean()"}
    round_trips = sources(text, "mse", "round_trip")
    assert "diff = y_pred - y\nreturn torch.tensor((diff ** 2).mean().item(), dtype=(diff ** 2).mean().dtype, " \
           "device=(diff ** 2).mean().device)" in round_trips
    assert "diff = torch.from_numpy((y_pred - y).detach().cpu().numpy()).to((y_pred - y).device)\n" \
           "return (diff ** 2).mean()" in round_trips
    assert len(round_trips) == 3          # .item() only where the result is one element whatever the shape
    for operator in ("graph_off", "round_trip"):
        for description, fn in run_mutants(text, "mse", operator).items():
            value, grads = value_and_gradient(fn, [1.0, 2.0], [0.0, 0.0])
            assert value.item() == 2.5 and (grads[0] is None or grads[0].abs().sum() == 0), description


def test_abs_is_written_as_a_where_that_takes_one_side_at_the_kink_and_where_conditions_move():
    text = """
        def f(z):
            return torch.exp(-z.abs())
        """
    found = run_mutants(text, "f", "kink")
    assert sources(text, "f", "kink") == {"return torch.exp(-torch.where(z > 0, z, -z))",
                                           "return torch.exp(-torch.where(z >= 0, z, -z))"}
    for description, fn in found.items():
        value, (grad,) = value_and_gradient(fn, [0.0, 1.5])
        assert torch.allclose(value, torch.exp(-torch.tensor([0.0, 1.5], dtype=torch.float64))), description
        assert grad[0].abs().item() == 1.0, description                  # |z|'s derivative at 0 is 0
    where = "def f(z):\n    return torch.where(z >= 0, z, 0 * z)\n"
    assert sources(where, "f", "kink") == {"return torch.where(z > 0, z, 0 * z)"}


def test_gradient_operators_apply_only_to_the_tensor_code_of_differentiable_functions():
    # Plain Python, values only (`.item()`), a result built without a graph: no gradient mutant.
    for text, function in [("def f(theta, x, lr):\n    g = 2 * x * (theta * x)\n    return float(theta - lr * g)", "f"),
                           ("def f(x):\n    return (x * x).sum().item()", "f"),
                           ("def f(params):\n    grad = torch.zeros_like(params[0], requires_grad=False)\n"
                            "    grad[0] = 1.0\n    return grad", "f")]:
        assert not [m for m in mutants(text, function) if m.operator in GRADIENT_OPERATORS], text
    # Autograd inside: the leaf's graph is cut, not the Python floats (`x`, `lr`) it meets.
    found = sources("""
        def step(theta, x, lr):
            t = torch.tensor(float(theta), requires_grad=True)
            error = (t * x) ** 2
            error.backward()
            with torch.no_grad():
                t -= lr * t.grad
            return t.item()
        """, "step", "detach")
    assert {s.split("\n")[1] for s in found} == {"error = (t * x).detach() ** 2", "error = (t.detach() * x) ** 2"}


def test_an_autograd_function_gets_no_gradient_mutant():
    """Its forward runs without a graph and its backward is not differentiated: cutting a graph there changes
    nothing (the kink of an overflow-safe sigmoid's forward is checked by values and its own backward)."""
    function = """
        class Sig(torch.autograd.Function):
            @staticmethod
            def forward(ctx, z):
                return 1 / (1 + torch.exp(-z.abs()))
        """
    assert not [m for m in mutants(cell(function), "Sig") if m.operator in GRADIENT_OPERATORS]


def test_the_signature_and_docstring_that_the_release_gives_are_not_mutated():
    found = mutants(cell('''
        def f(x, lr=0.1, steps=-2):
            """Scale x by 3 (version 2)."""
            return x * 3
        '''), "f")
    assert found and all(m.mutated.splitlines()[:2] == m.original.splitlines()[:2] for m in found)


def test_ids_are_stable_and_name_function_operator_and_source():
    text = "def f(a, b):\n    return a - b\n"
    first, again = mutants(text, "f"), mutants(text, "f")
    assert [m.id for m in first] == [m.id for m in again]
    for m in first:
        name, operator, digest = m.id.split(":")
        assert (name, operator) == ("f", m.operator) and len(digest) == 8
    assert len({m.id for m in first}) == len(first)
    # An unrelated change elsewhere in the cell leaves the ids as they were.
    assert [m.id for m in mutants("import math\n\n" + text, "f")] == [m.id for m in first]


def test_duplicates_and_mutants_that_change_nothing_are_left_out():
    found = mutants("def f(a):\n    return a + a\n", "f")
    assert len({m.mutated for m in found}) == len(found)
    assert all(m.mutated != m.original for m in found)
    assert sum(m.mutated.endswith("return a") for m in found) == 1     # dropping either term: one mutant


def test_each_mutant_is_the_whole_cell_with_only_the_function_replaced():
    text = cell("""
        import torch

        HELPER = 3  # kept

        def f(x):
            # a comment
            return x * HELPER

        print('after')
        """)
    for m in mutants(text, "f"):
        assert m.cell.startswith("import torch\n\nHELPER = 3  # kept\n\n")
        assert m.cell.endswith("\nprint('after')\n")
        ast.parse(m.cell)
        assert m.description.startswith(f"line {m.line}: ") and "\n" not in m.description
        assert m.diff() and all(line.startswith(("@@", "-", "+")) for line in m.diff().splitlines())


def test_a_cell_without_the_function_is_an_error():
    with pytest.raises(MutationError):
        mutants("def g():\n    pass\n", "f")
    with pytest.raises(MutationError):
        mutants("def f(:\n", "f")


# --- classification and the equivalents file ------------------------------------------------

def graded(function: str, *tests: tuple[str, str, float, str]) -> GradeResult:
    return GradeResult("a", "s", "cpu", "graded", [TestResult(name, function, points, 1.0, outcome, visibility=vis)
                                                   for name, vis, points, outcome in tests])


def test_classification_of_graded_mutants():
    m = mutants("def f(a):\n    return -a\n", "f")[0]
    killed = audit.classify(m, graded("f", ("test_x", "hidden", 0.0, "failed"), ("test_y", "public", 1.0, "passed")),
                            None)
    assert killed.status == "killed" and killed.killed_by == [audit.Kill("test_x", "hidden", "failed")]
    assert audit.classify(m, graded("f", ("test_x", "hidden", 0.0, "timeout")), None).status == "error"
    assert audit.classify(m, GradeResult("a", "s", "cpu", "error", error="boom"), None).status == "error"
    assert audit.classify(m, graded("f", ("t", "hidden", 1.0, "passed")), None).status == "surviving"
    assert audit.classify(m, graded("f", ("t", "hidden", 1.0, "passed")), "same").status == "equivalent"
    # Points lost on another function do not kill a mutant of f.
    assert audit.classify(m, graded("g", ("t", "hidden", 0.0, "failed")), None).status == "surviving"


def test_equivalents_file_needs_a_reason_per_id(tmp_path, monkeypatch):
    path = tmp_path / "assignments" / "demo" / "equivalent_mutants.toml"
    monkeypatch.setattr(audit, "equivalents_file", lambda assignment: path)
    assert audit.load_equivalents("demo") == {}
    path.parent.mkdir(parents=True)
    path.write_text('["f:sign:0123abcd"]\nreason = "x is always 0"\n')
    assert audit.load_equivalents("demo") == {"f:sign:0123abcd": "x is always 0"}
    path.write_text('["f:sign:0123abcd"]\nwhy = "no reason key"\n')
    with pytest.raises(audit.AuditError):
        audit.load_equivalents("demo")


def test_a_declared_equivalent_that_a_check_kills_is_reported_stale_with_its_killer(tmp_path, monkeypatch):
    """A value-equal mutant declared equivalent before gradients were checked: once a gradient
    check kills it, the declaration is stale, the report names the check and the audit is not clean."""
    monkeypatch.setattr(audit, "equivalents_file", lambda assignment: tmp_path / "equivalent_mutants.toml")
    found = mutants(cell(SOME_FUNC), "some_func")
    detached = next(m for m in found if m.operator == "detach")
    other = next(m for m in found if m.operator == "sign")
    outcomes = [audit.classify(detached, graded("some_func", ("test_some_func_gradient", "hidden", 0.0, "failed")),
                               "values agree"),
                audit.classify(other, graded("some_func", ("test_some_func_values", "hidden", 0.0, "failed")), None)]
    report = audit.AuditReport("a", ("some_func",), outcomes, [], [detached.id], 1.0, 1)
    (row,) = report.summary()
    assert (row.mutants, row.killed, row.gradient_only) == (2, 2, 1)
    assert not report.clean
    text = audit.format_report(report)
    assert f"stale: {detached.id} is declared equivalent" in text
    assert "test_some_func_gradient kills it (its values or gradients differ" in text
    assert "1 gradient-only" in text.splitlines()[2]


# --- a real audit ---------------------------------------------------------------------------

@pytest.mark.batch
@pytest.mark.slow   # a worker pool and the reference warm-up: ~40 s alone, minutes on a busy machine
def test_audit_of_one_function_grades_its_mutants_with_the_real_pipeline(tmp_path, monkeypatch):
    path = tmp_path / "equivalent_mutants.toml"
    monkeypatch.setattr(audit, "equivalents_file", lambda assignment: path)
    found = audit.generate(COURSE.assignment("linear_regression"), ["mse_loss"])
    survivor_free = [m.id for m in found]
    path.write_text('["mse_loss:sign:00000000"]\nreason = "a mutant that no longer exists"\n'
                    f'["{survivor_free[0]}"]\nreason = "declared, but the checks kill it"\n')
    report = audit.run_audit(COURSE, "linear_regression", Settings(device="cpu", workers=2), ["mse_loss"])
    (row,) = report.summary()
    assert (row.function, row.mutants) == ("mse_loss", len(found)) and row.mutants >= 5
    assert row.killed == row.mutants and row.surviving == 0
    by_id = {o.mutant.id: o for o in report.outcomes}
    summed = next(o for o in report.outcomes if o.mutant.operator == "reduction")
    assert summed.status == "killed" and summed.killed_by and {k.visibility for k in summed.killed_by} <= {"public",
                                                                                                       "hidden"}
    assert report.stale == ["mse_loss:sign:00000000"]
    assert report.declared_but_killed == [survivor_free[0]] and by_id[survivor_free[0]].status == "killed"
    text = audit.format_report(report)
    assert text.splitlines()[0].split()[:5] == ["function", "mutants", "killed", "equivalent", "surviving"]
    assert "stale: mse_loss:sign:00000000" in text
    assert f"stale: {survivor_free[0]} is declared equivalent" in text and not report.clean
    assert report.to_dict()["functions"][0]["mutants"] == len(found)
