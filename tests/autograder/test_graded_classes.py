"""Graded classes through the real sandbox: objects built, loaded, called, trained in place and read back
as data (``autograder.objects``, ``worker.objects``, ``class_checks``), and hostile classes contained."""

import os
import types

import pytest
import torch

from autograder import class_checks, objects
from autograder.expectations import GradingFailure
from autograder.notebook import NotebookCell
from autograder.reference_runner import ReferenceRunner
from autograder.results import Outcome
from autograder.sandbox import ForkServer, Limits
from autograder.submission import InProcessSubmission, SandboxedSubmission
from pcpt_portable import messages
from pcpt_portable.wire import NamedCallable, ObjectRef
from tests.helpers.course import COURSE

pytestmark = [pytest.mark.slow, pytest.mark.sandbox]

# Any assignment of the course serves: these classes have no dependencies and no reference there.
ASSIGNMENT = "gradient_basics"
KEYS = ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]

REFERENCE = '''
import torch
import torch.nn.functional as F
from torch import nn


class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def train_classifier(model, x, labels, learning_rate=0.1, num_epochs=3, batch_size=4, seed=0):
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    losses = []
    for epoch in range(num_epochs):
        order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(seed + epoch))
        batch_losses = []
        for start in range(0, x.shape[0], batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[idx]), labels[idx])
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        losses.append(sum(batch_losses) / len(batch_losses))
    return losses


class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        s = torch.where(z >= 0, 1 / (1 + torch.exp(-z.abs())), torch.exp(-z.abs()) / (1 + torch.exp(-z.abs())))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s, = ctx.saved_tensors
        return grad_output * s * (1 - s)
'''

HOSTILE = '''
import os, time


class LoopingDel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)

    def __del__(self):
        while True:
            pass


class DroppedAtOnce(LoopingDel):
    def __init__(self):
        super().__init__()
        raise ValueError("not built")   # the half-built object is dropped here: its __del__ loops


class RaisingDel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)

    def __del__(self):
        raise RuntimeError("gone")


class Liar(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def __getattr__(self, name):
        return lambda *a, **k: torch.zeros(2)

    @property
    def __class__(self):
        return torch.Tensor


class Evil:
    def __reduce__(self):
        return (os.system, ("touch {marker}",))


class NonTensorState(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def state_dict(self, *args, **kwargs):
        return {"fc.weight": Evil(), "fc.bias": [1.0, 2.0]}


class NotADict(nn.Module):
    def state_dict(self, *args, **kwargs):
        return Evil()


class Threaded(nn.Module):
    def __init__(self):
        super().__init__()
        import threading
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()


class Slow(nn.Module):
    def forward(self, x):
        while True:
            pass


class BadInit(nn.Module):
    def __init__(self, k):
        super().__init__()
        raise ValueError("no")


class ForgetsGradOutput(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        s = 1 / (1 + torch.exp(-z))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s, = ctx.saved_tensors
        return s * (1 - s)
'''


@pytest.fixture(scope="module")
def server():
    with ForkServer(Limits(call_timeout=3, cell_timeout=10, submission_timeout=120), course=COURSE) as server:
        yield server


@pytest.fixture(scope="module")
def reference_module():
    module = types.ModuleType("reference_classes")
    exec(compile(REFERENCE, "reference_classes", "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def reference(reference_module):
    runner = ReferenceRunner(COURSE.assignment(ASSIGNMENT), "cpu")
    runner.module = reference_module   # the reference of a class assignment, without a course for it
    return runner


@pytest.fixture(scope="module")
def marker(tmp_path_factory):
    return tmp_path_factory.mktemp("unpickled") / "ran"


@pytest.fixture(scope="module")
def student(server, marker):
    cells = [NotebookCell(1, REFERENCE, "TwoLayerNet"), NotebookCell(2, HOSTILE.replace("{marker}", str(marker)), None)]
    submission = SandboxedSubmission(server, cells, COURSE.assignment(ASSIGNMENT)).start()
    yield submission
    submission.close()


def data(n=12, d=4, k=3):
    generator = torch.Generator().manual_seed(3)
    return torch.randn(n, d, generator=generator), torch.randint(0, k, (n,), generator=generator)


def test_a_module_is_built_loaded_called_and_trained_in_place(student, reference):
    model = class_checks.construct(student, "TwoLayerNet", args=(4, 8, 3))
    reference_model = class_checks.construct(reference, "TwoLayerNet", args=(4, 8, 3))
    assert isinstance(model, objects.StudentObject) and isinstance(reference_model, objects.LocalObject)
    state = class_checks.expect_state_dict_keys(model, KEYS)
    assert all(isinstance(v, torch.Tensor) for v in state.values())
    model.load_state_dict(reference_model.state_dict())
    x, labels = data()
    got, expected = class_checks.expect_method_match(model, reference_model, "forward", args=(x,))
    assert torch.equal(got, expected)
    assert model.training is True
    # a graded function trains the student's model in place; it comes back with its state after the call
    losses = student.call("train_classifier", (objects.pair(model, reference_model), x, labels))
    assert losses.ok, losses.error
    assert losses.value == reference.call("train_classifier", (objects.pair(model, reference_model), x, labels))
    assert model.last_state is not None and not torch.equal(model.last_state.state["fc1.weight"], state["fc1.weight"])
    class_checks.expect_state_match(model, reference_model, function="train_classifier")
    assert losses.inputs_after[0][0] == ObjectRef(model.id)   # the handle, never the object
    assert student.call("TwoLayerNet.eval", (model,)).ok   # a call that leaves it in evaluation mode
    with pytest.raises(GradingFailure, match="`TwoLayerNet.eval` left the model in evaluation mode"):
        class_checks.expect_state_match(model, reference_model, function="TwoLayerNet.eval")
    model.train()
    assert model.training is True


def test_a_wrong_method_or_state_fails_with_its_name(student, reference):
    model = class_checks.construct(student, "TwoLayerNet", args=(4, 8, 3))
    reference_model = class_checks.construct(reference, "TwoLayerNet", args=(4, 8, 3))
    x, _ = data()
    with pytest.raises(GradingFailure, match=r"`TwoLayerNet.forward` does not match"):   # not loaded: other weights
        class_checks.expect_method_match(model, reference_model, "forward", args=(x,))
    with pytest.raises(GradingFailure, match=r"`TwoLayerNet.state_dict\(\)` lacks extra; expected exactly the keys extra, fc1.bias"):
        class_checks.expect_state_dict_keys(model, KEYS + ["extra"])
    with pytest.raises(GradingFailure, match=r"TwoLayerNet.state_dict\(\)"):
        class_checks.expect_state_match(model, reference_model, function="train_classifier")


def test_a_course_test_function_builds_an_object_in_the_sandbox(student, reference, monkeypatch):
    from pcpt_portable import testfuncs

    source = ("import torch\n\ndef linear_model(n):\n    torch.manual_seed(0)\n    return torch.nn.Linear(n, 1)\n")
    testfuncs.load({"classes_test.py": source})    # the grader's side; the sandbox gets the course's files
    stand_in = class_checks.construct(reference, NamedCallable("linear_model", (3,)))
    assert sorted(stand_in.state_dict()) == ["bias", "weight"]
    with pytest.raises(GradingFailure):   # the sandbox has only the course's test functions
        class_checks.construct(student, NamedCallable("linear_model", (3,)))


def test_class_attribute_calls_reach_a_function_class(student, reference):
    z = torch.tensor([-800.0, -1.0, 0.0, 2.0, 800.0])
    got = student.call("Sigmoid.apply", (z,))
    assert got.ok, got.error
    assert torch.allclose(got.value, reference.call("Sigmoid.apply", (z,)))
    assert not student.call("Sigmoid.nothing", (z,)).ok


def test_an_object_of_a_stopped_process_is_reported_gone(server, reference):
    cells = [NotebookCell(1, REFERENCE, None), NotebookCell(2, HOSTILE.replace("{marker}", "/nonexistent"), None)]
    submission = SandboxedSubmission(server, cells, COURSE.assignment(ASSIGNMENT)).start()
    try:
        model = class_checks.construct(submission, "TwoLayerNet", args=(4, 8, 3))
        slow = class_checks.construct(submission, "Slow")
        result = slow.call("forward", (torch.ones(1),))
        assert result.error.kind == "timeout"
        with pytest.raises(GradingFailure) as failure:
            model.method("forward", torch.ones(4))
        assert "the `TwoLayerNet` object built for this check is gone" in failure.value.message
        assert "timed out" in failure.value.message
        fresh = class_checks.construct(submission, "TwoLayerNet", args=(4, 8, 3))   # the notebook runs again
        assert fresh.method("forward", torch.ones(4)).shape == (3,)
        threaded = class_checks.construct(submission, "Threaded")   # its thread would outlive the request
        with pytest.raises(GradingFailure, match=r"gone: .*\(it left threads or processes running"):
            threaded.state_dict()
    finally:
        submission.close()


def test_a_del_that_loops_or_raises_is_contained(server):
    cells = [NotebookCell(1, REFERENCE, None), NotebookCell(2, HOSTILE.replace("{marker}", "/nonexistent"), None)]
    submission = SandboxedSubmission(server, cells, COURSE.assignment(ASSIGNMENT)).start()
    try:
        for name in ("LoopingDel", "RaisingDel"):
            made = class_checks.construct(submission, name)
            assert made.method("forward", torch.ones(2)).shape == (2,)
            assert sorted(made.state_dict()) == ["fc.bias", "fc.weight"]
        # the objects live as long as the process: no __del__ runs between requests
        assert class_checks.construct(submission, "TwoLayerNet", args=(2, 2, 2)).method("forward", torch.ones(2)).shape == (2,)
        with pytest.raises(GradingFailure) as failure:   # a __del__ the student's own code sets off is timed
            class_checks.construct(submission, "DroppedAtOnce")
        assert failure.value.outcome == Outcome.TIMEOUT and "`DroppedAtOnce` timed out" in failure.value.message
    finally:
        submission.close()


def test_a_lying_getattr_and_class_gain_nothing(student):
    liar = class_checks.construct(student, "Liar")
    assert sorted(liar.state_dict()) == ["fc.bias", "fc.weight"]   # read through its type, not its __class__
    with pytest.raises(GradingFailure, match="Liar.forward"):     # nn.Module's own forward: not implemented
        liar.method("forward", torch.ones(2))
    passed = student.call("TwoLayerNet.train", (liar,))          # passed in and back: still its handle
    assert passed.ok and passed.value == ObjectRef(liar.id) and sorted(passed.objects[liar.id].state) == ["fc.bias", "fc.weight"]


@pytest.mark.parametrize("owner,expected", [
    ("NonTensorState", messages.STATE_NOT_A_TENSOR.format(owner="NonTensorState", key="fc.weight",
                                                          type="__main__.Evil")),
    ("NotADict", messages.STATE_NOT_A_DICT.format(owner="NotADict", type="__main__.Evil")),
])
def test_a_state_of_non_tensors_is_a_message_and_never_unpickled(student, marker, owner, expected):
    made = class_checks.construct(student, owner)
    with pytest.raises(GradingFailure) as failure:
        made.state_dict()
    assert failure.value.message == expected
    assert not marker.exists()


def test_a_class_that_cannot_be_built_fails_with_its_error(student):
    with pytest.raises(GradingFailure, match=r"`BadInit` raised ValueError: no") as failure:
        class_checks.construct(student, "BadInit", args=(1,))
    assert failure.value.outcome == Outcome.ERROR
    with pytest.raises(GradingFailure, match="`Missing` is not defined"):
        class_checks.construct(student, "Missing")


def test_in_process_objects_take_the_same_path(reference_module, reference):
    namespace = dict(vars(reference_module))
    submission = InProcessSubmission(namespace, COURSE.assignment(ASSIGNMENT))
    model = class_checks.construct(submission, "TwoLayerNet", args=(4, 8, 3))
    reference_model = class_checks.construct(reference, "TwoLayerNet", args=(4, 8, 3))
    model.load_state_dict(reference_model.state_dict())
    x, labels = data()
    class_checks.expect_method_match(model, reference_model, "forward", args=(x,))
    got = submission.call("train_classifier", (objects.pair(model, reference_model), x, labels))
    assert got.ok, got.error
    reference.call("train_classifier", (objects.pair(model, reference_model), x, labels))
    class_checks.expect_state_match(model, reference_model, function="train_classifier")


def test_a_function_class_is_checked_by_values_backward_and_finite_differences(server, student, reference):
    z = torch.linspace(-6, 6, 7, dtype=torch.float64)
    got = class_checks.expect_function_match(student, reference, "Sigmoid", args=(z,))
    assert got.gradients is not None
    grad_outputs = [torch.ones(7, dtype=torch.float64)]
    s = torch.sigmoid(z)
    right = s * (1 - s)
    class_checks._expect_slope(student, "Sigmoid", "Sigmoid.apply", (z,), {}, (0,), right, grad_outputs, 3, "z")
    with pytest.raises(GradingFailure) as failure:   # a gradient off the slope of the student's own values
        class_checks._expect_slope(student, "Sigmoid", "Sigmoid.apply", (z,), {}, (0,), 2 * right, grad_outputs, 3, "z")
    assert failure.value.message.startswith("`Sigmoid.backward` disagrees with the slope of `Sigmoid`'s own forward "
                                            "values (central differences) with respect to `z`")
    forgetful = SandboxedSubmission(server, [NotebookCell(1, REFERENCE, None),
                                             NotebookCell(2, HOSTILE.replace("{marker}", "/nonexistent"), None),
                                             NotebookCell(3, "Sigmoid = ForgetsGradOutput", "Sigmoid")],
                                    COURSE.assignment(ASSIGNMENT)).start()
    try:
        with pytest.raises(GradingFailure) as failure:
            class_checks.expect_function_match(forgetful, reference, "Sigmoid", args=(z,))
        assert failure.value.message.startswith("`Sigmoid.apply` returns the right values but the wrong gradient "
                                                "with respect to `z`")
    finally:
        forgetful.close()


def test_a_graded_class_is_never_a_stand_in_dependency(tmp_path):
    from autograder.course import derived_dependencies

    reference_file = tmp_path / "backprop.py"
    reference_file.write_text(REFERENCE + "\n\ndef fresh_model_losses(x, labels):\n"
                              "    return train_classifier(TwoLayerNet(4, 8, 3), x, labels)\n")
    found = derived_dependencies(reference_file, ("Sigmoid", "TwoLayerNet", "train_classifier", "fresh_model_losses"))
    assert found == {"fresh_model_losses": ("train_classifier",)}


def test_the_student_check_calls_a_class_attribute(reference_module):
    from autograder.student_package import encode_value
    from pcpt_portable.check_runner import run_checks

    z = torch.tensor([-2.0, 0.0, 3.0])
    expectation = {"kind": "match", "function": "Sigmoid.apply", "args": encode_value((z,)), "kwargs": encode_value({}),
                   "expected": encode_value(torch.sigmoid(z)), "rtol": 1e-5, "atol": 1e-6, "labels": None,
                   "options": {}, "variants": []}
    document = {"assignment": "backprop", "total_points": 1, "misconceptions": {}, "test_functions": {},
                "checks": [{"name": "test_sigmoid", "function": "Sigmoid", "points": 1, "expectations": [expectation]}]}
    assert run_checks(document, dict(vars(reference_module))).passed
    report = run_checks(document, {})
    assert report.outcomes[0].message == messages.missing("Sigmoid")


WRONG_FORWARD = '''
class TwoLayerNet(nn.Module):
    def __init__(self, in_features, hidden_features, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.fc2(self.fc1(x))   # no ReLU
'''


def test_public_class_checks_run_in_the_student_check_with_grading_wording(reference_module, reference):
    from autograder.expectations import recording_expectations
    from autograder.student_package import _expectation
    from pcpt_portable.check_runner import run_checks

    x, _ = data()
    correct = dict(vars(reference_module))
    wrong = dict(correct)
    exec(compile(WRONG_FORWARD, "<cell 1>", "exec"), wrong)

    def checks(submission):
        model = class_checks.construct(submission, "TwoLayerNet", args=(4, 8, 3))
        reference_model = class_checks.construct(reference, "TwoLayerNet", args=(4, 8, 3))
        class_checks.expect_state_dict_keys(model, KEYS)
        model.load_state_dict(reference_model.state_dict())
        class_checks.expect_method_match(model, reference_model, "forward", args=(x,))

    with recording_expectations() as records:
        checks(InProcessSubmission(correct, COURSE.assignment(ASSIGNMENT)))
    document = {"assignment": "backprop", "total_points": 1, "misconceptions": {}, "test_functions": {},
                "checks": [{"name": "test_net", "function": "TwoLayerNet", "points": 1,
                            "expectations": [_expectation(r, {}) for r in records]}]}
    assert [e["kind"] for e in document["checks"][0]["expectations"]] == ["state_keys", "method"]
    assert run_checks(document, correct).passed
    with pytest.raises(GradingFailure) as graded:
        checks(InProcessSubmission(wrong, COURSE.assignment(ASSIGNMENT)))
    assert run_checks(document, wrong).outcomes[0].message == graded.value.message


def test_the_audit_mutates_the_methods_of_a_graded_class_and_keeps_their_signatures():
    import ast

    from autograder.authoring.mutants import mutants

    cell = REFERENCE[REFERENCE.index("class Sigmoid"):]
    found = mutants(cell, "Sigmoid")
    assert found
    for mutant in found:
        tree = ast.parse(mutant.cell)
        (klass,) = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        assert klass.name == "Sigmoid" and [f.name for f in klass.body] == ["forward", "backward"]
        assert [ast.unparse(f.args) for f in klass.body] == ["ctx, z", "ctx, grad_output"]
