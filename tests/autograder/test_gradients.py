"""Gradient checks: the VJP taken in the student's process, compared with the reference's (issue 20)."""

from __future__ import annotations

import pytest
import torch

from autograder.expectations import GradingFailure, expect_gradient_match
from autograder.misconceptions import catalogue as mc
from autograder.notebook import NotebookCell
from autograder.reference_runner import ReferenceRunner
from autograder.sandbox import ForkServer, Limits
from autograder.sandbox.client import gradient_reply
from autograder.submission import InProcessSubmission, SandboxedSubmission
from autograder.worker.gradients import GradientCall
from pcpt_portable import gradients, messages, wire
from tests.helpers import fakes
from tests.helpers.course import COURSE

X = torch.linspace(-2.0, 2.0, 5)

CORRECT = "def some_func(x):\n    return x * x + 3 * x + 1\n"
VALUE_RIGHT_GRADIENT_WRONG = "def some_func(x):\n    return x.detach() * x.detach() + 3 * x + 1\n"
DETACHED = "def some_func(x):\n    return torch.tensor((x * x + 3 * x + 1).tolist())\n"
TORCH_FUNC = "def some_func(x):\n    return torch.func.vmap(lambda t: t ** 2 + 3 * t + 1)(x)\n"
BACKWARD_RAISES = '''
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * x
    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError("no backward here")

def some_func(x):
    return Square.apply(x) + 3 * x + 1
'''


def in_process(source: str) -> InProcessSubmission:
    namespace: dict = {}
    exec("import torch\n" + source, namespace)
    return InProcessSubmission(namespace, COURSE.assignment("gradient_basics"))


@pytest.fixture(scope="module")
def reference():
    return ReferenceRunner(COURSE.assignment("gradient_basics"), "cpu")


def check(student, reference, **options):
    expect_gradient_match(student, reference, "some_func", args=(X,), **options)


@pytest.mark.parametrize("source", [CORRECT, TORCH_FUNC], ids=["plain", "torch.func.vmap"])
def test_a_correct_function_in_any_style_passes(reference, source):
    check(in_process(source), reference)


def test_value_right_gradient_wrong_fails_with_the_gradient_message(reference):
    with pytest.raises(GradingFailure) as failure:
        check(in_process(VALUE_RIGHT_GRADIENT_WRONG), reference)
    assert failure.value.message.startswith(
        "`some_func` returns the right values but the wrong gradient with respect to `x` (`grad_x`: 4 of 5 elements "
        "differ")
    # a value-equal variant of the course (the square detached) explains it: diagnosis names it
    assert failure.value.misconception is mc.PART_DETACHED and mc.PART_DETACHED.message in failure.value.message


def test_a_detached_result_fails_as_not_attached(reference):
    with pytest.raises(GradingFailure) as failure:
        check(in_process(DETACHED), reference)
    assert failure.value.message.startswith(messages.not_attached("some_func", "result", "x"))
    assert failure.value.misconception is mc.DETACHED_RESULT


def test_wrong_values_fail_as_values_before_any_gradient(reference):
    with pytest.raises(GradingFailure, match="does not match the expected result"):
        check(in_process("def some_func(x):\n    return x * x + 2 * x + 1\n"), reference)


def test_an_unused_input_has_no_gradient_and_a_zero_one_is_the_same_answer():
    reference = fakes.Reference(f=lambda x, y: 2 * x)
    for student in (lambda x, y: 2 * x, lambda x, y: 2 * x + 0 * y):
        expect_gradient_match(fakes.Student(f=student), reference, "f", args=(X, X + 1), wrt=(0, 1))


def test_an_input_cut_off_the_graph_gets_no_gradient_flows():
    with pytest.raises(GradingFailure) as failure:
        expect_gradient_match(fakes.Student(f=lambda x, y: 2 * x + y.detach()), fakes.Reference(f=lambda x, y: 2 * x + y),
                              "f", args=(X, X + 1), wrt=(0, "y"))
    assert failure.value.message == messages.no_gradient("f", "y") + "\n→ " + mc.DETACHED_RESULT.message


def test_hidden_wording_gives_no_gradient_value(reference):
    from autograder.expectations import feedback_for
    with feedback_for("hidden"), pytest.raises(GradingFailure) as failure:
        check(in_process(VALUE_RIGHT_GRADIENT_WRONG), reference)
    assert "expected" not in failure.value.message and "differ" in failure.value.message


def test_the_check_authors_bad_path_is_an_error_of_the_check(reference):
    with pytest.raises(gradients.GradientRequestError):
        check(in_process(CORRECT), reference, wrt=(3,))


def test_grad_outputs_are_seeded_random_of_each_floating_output():
    value = (torch.ones(3), 2.0, {"a": torch.zeros(2, 2, dtype=torch.float64), "n": torch.arange(3)})
    first, second = gradients.seeded_grad_outputs(value), gradients.seeded_grad_outputs(value)
    assert [g.shape for g in first] == [(3,), (2, 2)] and first[1].dtype == torch.float64
    assert all(torch.equal(a, b) for a, b in zip(first, second))
    assert not torch.equal(first[0], torch.ones(3))


# -- the wire: what the student's process sends back is checked ------------------------------

def test_a_hostile_gradient_reply_is_a_protocol_error():
    vjp = {"wrt": [(0,)], "grad_outputs": [torch.ones(5)]}
    good = {"attached": [True], "gradients_fit": True}
    assert gradient_reply(good, [torch.ones(5)], vjp, (X,), {})[1][0].shape == (5,)
    hostile = [
        (good, [torch.ones(4)]),                                      # another shape
        (good, [torch.ones(5, dtype=torch.float64)]),                 # another dtype
        (good, [torch.ones(5, requires_grad=True)]),                  # carries a graph flag
        (good, [torch.ones(5), torch.ones(5)]),                       # more gradients than paths
        (good, "gradients"),                                          # no list
        ({"attached": ["yes"], "gradients_fit": True}, [torch.ones(5)]),
        ({"attached": [True, True], "gradients_fit": True}, [torch.ones(5)]),
        ({"gradients_fit": True}, [torch.ones(5)]),
    ]
    for header, grads in hostile:
        with pytest.raises(wire.WireError):
            gradient_reply(header, grads, vjp, (X,), {})


def test_a_malformed_gradient_request_is_refused_in_the_student_process():
    tree, blobs = wire.encode([torch.ones(5)])
    for request in ({"wrt": [[0]]}, {"wrt": [], "grad_outputs": tree}, {"wrt": [[0.5]], "grad_outputs": tree},
                    {"wrt": [[0]], "grad_outputs": {"$tuple": [1]}}, {"wrt": [[0]] * 100, "grad_outputs": tree}):
        with pytest.raises(wire.WireError):
            GradientCall(request, blobs, lambda name: name)
    call = GradientCall({"wrt": [[2]], "grad_outputs": tree}, blobs, lambda name: name)
    with pytest.raises(wire.WireError):
        call.arguments([X], {})


# -- through the real sandbox ---------------------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with ForkServer(Limits(call_timeout=5, cell_timeout=10, submission_timeout=120), course=COURSE) as server:
        yield server


def sandboxed(server, source):
    return SandboxedSubmission(server, [NotebookCell(1, "import torch\n" + source, "some_func")],
                               COURSE.assignment("gradient_basics")).start()


@pytest.mark.sandbox
@pytest.mark.slow
def test_through_the_sandbox_gradients_come_back_as_data_and_the_callers_tensor_is_untouched(server, reference):
    x = X.clone()
    student = sandboxed(server, CORRECT)
    try:
        got = student.call("some_func", (x,), vjp={"wrt": [(0,)], "grad_outputs": [torch.ones(5)]})
        assert got.ok, got.error
        assert got.attached == [True] and not got.value.requires_grad
        assert torch.allclose(got.gradients[0], 2 * X + 3)
        assert not x.requires_grad and x.grad is None and torch.equal(x, X)
        check(student, reference)
        from autograder.api import how
        check(student, reference, require_api=[how.no_autograd()])   # the grader's backward is not the student's
    finally:
        student.close()


@pytest.mark.slow
@pytest.mark.parametrize("source,expected", [
    (VALUE_RIGHT_GRADIENT_WRONG, "the wrong gradient with respect to `x`"),
    (DETACHED, "is not attached to the graph"),
    (BACKWARD_RAISES, "raised RuntimeError: " + gradients.BACKWARD_PREFIX + "no backward here (cell 1, line"),
], ids=["gradient-wrong", "detached", "backward-raises"])
@pytest.mark.sandbox
def test_through_the_sandbox_each_gradient_mistake_has_its_message(server, reference, source, expected):
    student = sandboxed(server, source)
    try:
        with pytest.raises(GradingFailure) as failure:
            check(student, reference)
        assert expected in failure.value.message
    finally:
        student.close()


# -- the student check (pcpt_check) words a public gradient check as grading does ------------

@pytest.mark.parametrize("source", [VALUE_RIGHT_GRADIENT_WRONG, DETACHED, BACKWARD_RAISES],
                         ids=["gradient-wrong", "detached", "backward-raises"])
def test_the_student_check_reports_the_same_message_as_grading(reference, source):
    import json

    from pcpt_portable.check_runner import run_checks
    from tests.helpers.course import PROJECT_ROOT

    document = json.loads((PROJECT_ROOT / "student" / "pcpt_check" / "checks" / "gradient_basics.json").read_text())
    namespace: dict = {}
    exec("import torch\n" + source, namespace)
    outcome = next(o for o in run_checks(document, namespace, ["some_func"]).outcomes
                   if o.name.endswith("test_some_func_gradient_on_the_lesson_values"))
    with pytest.raises(GradingFailure) as failure:
        expect_gradient_match(InProcessSubmission(namespace, COURSE.assignment("gradient_basics")), reference, "some_func",
                              args=(torch.tensor([4.0, 0.0, -1.0]),))
    assert outcome.outcome != "passed" and outcome.message.split(" (cell")[0] == failure.value.message.split(" (cell")[0]
    assert outcome.misconception == (failure.value.misconception.key if failure.value.misconception else None)


def test_the_graders_backward_pass_is_not_the_students_autograd(reference):
    # how.no_autograd() reads the call's trace: the backward pass the gradient check adds stays out of it
    from autograder.api import how
    check(in_process(CORRECT), reference, require_api=[how.no_autograd()])
