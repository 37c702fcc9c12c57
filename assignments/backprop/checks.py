"""Checks for backprop (gradients by hand, a custom Function, an nn.Module and a training loop).

Public checks use the inputs of the notebook's visible test cells plus fixed inputs of their
own; hidden ones other shapes, seeds, float64 and the grading device. A model cannot cross
the sandbox: ``train_classifier`` and ``accuracy`` get ``NamedCallable("seeded_mlp", ...)``
(``testfuncs.py``), which the grader and the sandbox each build into the same freshly
initialised network.
"""

import math

import torch

from autograder.api import (curve_details, expect_detached, expect_gradient_match, expect_reference_match, graded, how,
                            NamedCallable, plain_number)
from reference.backprop import make_blobs

FORWARD_LABELS = ("h", "out")
GRADIENT_LABELS = ("dW1", "db1", "dW2", "db2")


def toy_network(device):
    """The visible tests' network: x (3, 2), y (3, 2), W1 (2, 3), b1 (3,), W2 (3, 2), b2 (2,)."""
    values = ([[1.0, -2.0], [0.5, 1.0], [-1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0]],
              [[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]], [0.0, 0.5, -0.5], [[1.0, -1.0], [2.0, 0.0], [-1.0, 1.0]],
              [0.1, -0.2])
    return [torch.tensor(v, device=device) for v in values]


def fixed_network(device, n=5, d=3, h=4, k=2, seed=11):
    """A public check's own network: ``(x, y, W1, b1, W2, b2)`` from a fixed CPU generator."""
    generator = torch.Generator().manual_seed(seed)
    shapes = [(n, d), (n, k), (d, h), (h,), (h, k), (k,)]
    return [torch.randn(*shape, generator=generator).to(device) for shape in shapes]


def hidden_network(inputs, n, d, h, k, dtype=torch.float32, requires_grad=False):
    """``(x, y, W1, b1, W2, b2)`` of the check's seed; about half the hidden units are active per row."""
    x, y = inputs.randn(n, d, dtype=dtype), inputs.randn(n, k, dtype=dtype)
    params = [inputs.randn(d, h, dtype=dtype, requires_grad=requires_grad),
              inputs.randn(h, dtype=dtype, scale=0.5, requires_grad=requires_grad),
              inputs.randn(h, k, dtype=dtype, requires_grad=requires_grad),
              inputs.randn(k, dtype=dtype, requires_grad=requires_grad)]
    return [x, y, *params]


def hidden_seed(inputs) -> int:
    return int(inputs.number(0, 10_000, digits=0))


def model(in_features, hidden_features, out_features, seed, device, dtype=torch.float32) -> NamedCallable:
    """A fresh ``Linear -> ReLU -> Linear`` network, built alike on both sides (``testfuncs.seeded_mlp``)."""
    return NamedCallable("seeded_mlp", (in_features, hidden_features, out_features, int(seed), str(device),
                                        str(dtype).removeprefix("torch.")))


def updates(n: int, batch_size: int, epochs: int) -> int:
    return math.ceil(n / batch_size) * epochs


def epoch_loss_curves(actual, expected):
    """``details=`` for train_classifier: its epoch losses beside the reference's (a list, not a tuple item)."""
    return curve_details(0)((actual,), (expected,))


def gradient_errors(actual, expected):
    """``details=`` for mlp_backward: each gradient as rows of numbers (a bias as one row), yours and expected."""
    def rows(tensor):
        return [[plain_number(v) for v in row] for row in tensor.detach().reshape(-1, tensor.shape[-1]).cpu().tolist()]

    try:
        if len(actual) != 4 or any(a.shape != e.shape for a, e in zip(actual, expected)):
            return None
        return {"kind": "gradient_errors", "names": list(GRADIENT_LABELS),
                "student": [rows(a) for a in actual], "reference": [rows(e) for e in expected]}
    except (TypeError, AttributeError, IndexError, RuntimeError):
        return None


def lesson_data(device):
    x, labels = make_blobs()
    return x[:240].to(device), labels[:240].to(device), x[240:].to(device), labels[240:].to(device)


# -- mlp_forward --------------------------------------------------------------------------------

@graded("mlp_forward", 1, public=True)
def test_mlp_forward_of_the_lesson_examples(student, reference, device):
    x, _, *params = toy_network(device)
    expect_reference_match(student, reference, "mlp_forward", args=(x, *params), labels=FORWARD_LABELS,
                           inputs=("x", "W1", "b1", "W2", "b2"))
    # Differentiable: the gradients through h and out, with respect to the input and every parameter.
    x, _, *params = fixed_network(device)
    expect_gradient_match(student, reference, "mlp_forward", args=(x, *params), wrt=(0, 1, 2, 3, 4),
                          labels=FORWARD_LABELS)


@graded("mlp_forward", 1)
def test_mlp_forward_on_hidden_shapes(student, reference, inputs):
    x, _, *params = hidden_network(inputs, 9, 4, 6, 3)
    expect_reference_match(student, reference, "mlp_forward", args=(x, *params), labels=FORWARD_LABELS,
                           inputs=("x", "W1", "b1", "W2", "b2"))
    # One row, one output: the shapes are (1, D) and (1, K), not vectors.
    x, _, *params = hidden_network(inputs, 1, 5, 3, 1)
    expect_reference_match(student, reference, "mlp_forward", args=(x, *params), labels=FORWARD_LABELS)


@graded("mlp_forward", 1)
def test_mlp_forward_is_differentiable_in_float64(student, reference, inputs):
    x, _, *params = hidden_network(inputs, 6, 2, 8, 4, dtype=torch.float64)
    expect_gradient_match(student, reference, "mlp_forward", args=(x, *params), wrt=(0, 1, 2, 3, 4),
                          labels=FORWARD_LABELS)


# -- mlp_backward -------------------------------------------------------------------------------

@graded("mlp_backward", 1, public=True)
def test_mlp_backward_of_the_lesson_examples(student, reference, device):
    expect_reference_match(student, reference, "mlp_backward", args=tuple(toy_network(device)),
                           labels=GRADIENT_LABELS, inputs=("x", "y", "W1", "b1", "W2", "b2"))
    expect_reference_match(student, reference, "mlp_backward", args=tuple(fixed_network(device)),
                           labels=GRADIENT_LABELS, details=gradient_errors)


@graded("mlp_backward", 1)
def test_mlp_backward_on_hidden_shapes(student, reference, inputs):
    expect_reference_match(student, reference, "mlp_backward", args=tuple(hidden_network(inputs, 10, 3, 8, 2)),
                           labels=GRADIENT_LABELS)
    expect_reference_match(student, reference, "mlp_backward", args=tuple(hidden_network(inputs, 4, 6, 5, 3)),
                           labels=GRADIENT_LABELS)


@graded("mlp_backward", 1)
def test_mlp_backward_in_float64_and_with_one_row(student, reference, inputs):
    expect_reference_match(student, reference, "mlp_backward",
                           args=tuple(hidden_network(inputs, 7, 4, 6, 3, dtype=torch.float64)), labels=GRADIENT_LABELS)
    expect_reference_match(student, reference, "mlp_backward",
                           args=tuple(hidden_network(inputs, 1, 3, 4, 2, dtype=torch.float64)), labels=GRADIENT_LABELS)


@graded("mlp_backward", 1)
def test_mlp_backward_by_hand_leaving_inputs_alone(student, reference, inputs):
    args = tuple(hidden_network(inputs, 8, 3, 5, 2, requires_grad=True))
    got, _ = expect_reference_match(student, reference, "mlp_backward", args=args, labels=GRADIENT_LABELS,
                                    inputs=("x", "y", "W1", "b1", "W2", "b2"), require_api=[how.no_autograd()])
    expect_detached("mlp_backward", got.value, GRADIENT_LABELS)


# -- train_classifier ---------------------------------------------------------------------------

@graded("train_classifier", 1, public=True)
def test_train_classifier_on_the_lesson_data(student, reference, device):
    x, labels, _, _ = lesson_data(device)
    expect_reference_match(student, reference, "train_classifier", args=(model(2, 16, 3, 0, device), x, labels),
                           kwargs={"num_epochs": 5}, loop_steps=updates(240, 16, 5),
                           inputs=("model", "x", "labels"), details=epoch_loss_curves)
    expect_reference_match(student, reference, "train_classifier", args=(model(2, 8, 3, 1, device), x[:50], labels[:50]),
                           kwargs={"learning_rate": 0.3, "num_epochs": 3, "batch_size": 12, "seed": 4},
                           loop_steps=updates(50, 12, 3))


@graded("train_classifier", 1)
def test_train_classifier_on_hidden_data(student, reference, inputs, device):
    x, labels = inputs.blobs(60, classes=4, d=3)
    expect_reference_match(student, reference, "train_classifier",
                           args=(model(3, 10, 4, hidden_seed(inputs), device), x, labels),
                           kwargs={"learning_rate": 0.2, "num_epochs": 4, "batch_size": 7, "seed": hidden_seed(inputs)},
                           loop_steps=updates(60, 7, 4), inputs=("model", "x", "labels"))


@graded("train_classifier", 1)
def test_train_classifier_in_float64(student, reference, inputs, device):
    x, labels = inputs.blobs(30, classes=2, d=2, dtype=torch.float64)
    expect_reference_match(student, reference, "train_classifier",
                           args=(model(2, 6, 2, hidden_seed(inputs), device, torch.float64), x, labels),
                           kwargs={"learning_rate": 0.5, "num_epochs": 3, "batch_size": 8, "seed": hidden_seed(inputs)},
                           loop_steps=updates(30, 8, 3))


@graded("train_classifier", 1)
def test_train_classifier_with_one_batch_and_with_single_rows(student, reference, inputs, device):
    # A batch of at least N rows is one full-batch step per epoch; batches of one row are plain SGD.
    x, labels = inputs.blobs(12, classes=3, d=2)
    expect_reference_match(student, reference, "train_classifier",
                           args=(model(2, 5, 3, hidden_seed(inputs), device), x, labels),
                           kwargs={"learning_rate": 0.5, "num_epochs": 3, "batch_size": 20, "seed": hidden_seed(inputs)},
                           loop_steps=3)
    expect_reference_match(student, reference, "train_classifier",
                           args=(model(2, 5, 3, hidden_seed(inputs), device), x, labels),
                           kwargs={"learning_rate": 0.05, "num_epochs": 2, "batch_size": 1, "seed": hidden_seed(inputs)},
                           loop_steps=updates(12, 1, 2))


# -- accuracy -----------------------------------------------------------------------------------

@graded("accuracy", 1, public=True)
def test_accuracy_of_the_lesson_examples(student, reference, device):
    identity = NamedCallable("linear_logits", (torch.eye(2, device=device), torch.zeros(2, device=device)))
    points = torch.tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 1.0], [-1.0, -2.0]], device=device)
    expect_reference_match(student, reference, "accuracy",
                           args=(identity, points, torch.tensor([0, 1, 1, 1], device=device)),
                           inputs=("model", "x", "labels"))
    _, _, x_test, labels_test = lesson_data(device)
    expect_reference_match(student, reference, "accuracy", args=(model(2, 16, 3, 0, device), x_test, labels_test))


@graded("accuracy", 1)
def test_accuracy_on_hidden_data_and_models(student, reference, inputs, device):
    x, labels = inputs.blobs(50, classes=4, d=3)
    expect_reference_match(student, reference, "accuracy", args=(model(3, 7, 4, hidden_seed(inputs), device), x, labels),
                           inputs=("model", "x", "labels"))
    weight, bias = inputs.randn(3, 3), inputs.randn(3)
    expect_reference_match(student, reference, "accuracy",
                           args=(NamedCallable("linear_logits", (weight, bias)), x, labels % 3))


@graded("accuracy", 1)
def test_accuracy_counts_ties_at_the_first_index_in_float64(student, reference, inputs):
    # Rows whose logits tie: argmax picks the first of the tied classes.
    x = inputs.uniform(-1, 1, 20, 2, dtype=torch.float64)
    x[::3] = x[::3, :1]   # both features equal, so both logits equal
    labels = (inputs.uniform(0, 2, 20) > 1).to(torch.int64)
    weight = torch.eye(2, dtype=torch.float64, device=x.device)
    expect_reference_match(student, reference, "accuracy",
                           args=(NamedCallable("linear_logits", (weight, torch.zeros(2, dtype=torch.float64,
                                                                                    device=x.device))), x, labels))
