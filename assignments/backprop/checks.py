"""Checks for backprop (gradients by hand, a custom Function, an nn.Module and a training loop).

Public checks use the inputs of the notebook's visible test cells plus fixed inputs of their
own; hidden ones other shapes, seeds, float64 and the grading device. A model cannot cross
the sandbox: ``train_classifier`` and ``accuracy`` get ``NamedCallable("seeded_mlp", ...)``
(``testfuncs.py``), which the grader and the sandbox each build into the same freshly
initialised network.
"""

import contextlib
import math

import torch

from autograder.api import (call, compare, construct, curve_details, expect_detached, expect_function_match,
                            expect_gradient_match, expect_method_match, expect_reference_match, expect_state_dict_keys,
                            expect_state_match, graded, GradingFailure, how, NamedCallable, pair, plain_number,
                            tolerance_for)
from reference.backprop import make_blobs

from . import misconceptions as mc

FORWARD_LABELS = ("h", "out")
GRADIENT_LABELS = ("dW1", "db1", "dW2", "db2")


@contextlib.contextmanager
def naming(misconception, applies=lambda: True):
    """A failure no expectation explained, re-raised naming ``misconception`` when ``applies()`` says it fits.
    (Misconception variants are matched by function; a graded class's are recognised here, by behaviour.)"""
    try:
        yield
    except GradingFailure as failure:
        if failure.misconception is not None or not applies():
            raise
        raise GradingFailure(f"{failure.message}\n→ {misconception.message}", misconception=misconception) from None


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


def models(student, reference, *recipe):
    """The same fresh ``seeded_mlp`` on both sides, as objects whose state can be read after a call."""
    return construct(student, model(*recipe)), construct(reference, model(*recipe))


@graded("train_classifier", 1)
def test_train_classifier_trains_the_model_in_place_on_hidden_data(student, reference, inputs, device):
    x, labels = inputs.blobs(60, classes=4, d=3)
    net, reference_net = models(student, reference, 3, 10, 4, hidden_seed(inputs), device)
    kwargs = {"learning_rate": 0.2, "num_epochs": 4, "batch_size": 7, "seed": hidden_seed(inputs)}
    expect_reference_match(student, reference, "train_classifier", args=(pair(net, reference_net), x, labels),
                           kwargs=kwargs, loop_steps=updates(60, 7, 4), inputs=("model", "x", "labels"))
    expect_state_match(net, reference_net, function="train_classifier", loop_steps=updates(60, 7, 4))


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
    # The full-batch data is wide (16 features, 12 rows): an order drawn over anything but the rows fails.
    wide, wide_labels = inputs.blobs(12, classes=3, d=16)
    expect_reference_match(student, reference, "train_classifier",
                           args=(model(16, 5, 3, hidden_seed(inputs), device), wide, wide_labels),
                           kwargs={"learning_rate": 0.5, "num_epochs": 3, "batch_size": 20, "seed": hidden_seed(inputs)},
                           loop_steps=3)
    x, labels = inputs.blobs(12, classes=3, d=2)
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
def test_accuracy_on_hidden_data_leaves_the_model_as_it_was(student, reference, inputs, device):
    x, labels = inputs.blobs(50, classes=4, d=3)
    for training in (True, False):
        net, reference_net = models(student, reference, 3, 7, 4, hidden_seed(inputs), device)
        for side in (net, reference_net):
            side.train(training)
        expect_reference_match(student, reference, "accuracy", args=(pair(net, reference_net), x, labels),
                               inputs=("model", "x", "labels"))
        with naming(mc.MODEL_LEFT_IN_EVAL, lambda: training and not net.training):
            expect_state_match(net, reference_net, function="accuracy")
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


# -- Sigmoid ------------------------------------------------------------------------------------

def _forgets_grad_output(student, reference, z) -> bool:
    """With ``grad_output`` all ones the chain rule's product cannot be told from the local derivative."""
    try:
        expect_function_match(student, reference, "Sigmoid", args=(z,), grad_outputs=[torch.ones_like(z)],
                              finite_differences=False)
    except GradingFailure:
        return False
    return True


def expect_sigmoid(student, reference, z):
    with naming(mc.BACKWARD_FORGETS_GRAD_OUTPUT, lambda: _forgets_grad_output(student, reference, z)):
        expect_function_match(student, reference, "Sigmoid", args=(z,))


def expect_finite_sigmoid(student, z):
    """Every value of ``Sigmoid.apply(z)`` is finite: the overflow a textbook form has for large |z|."""
    value = call(student, "Sigmoid.apply", args=(z,)).value
    if isinstance(value, torch.Tensor) and value.shape == z.shape and not torch.isfinite(value).all():
        bad = int((~torch.isfinite(value)).sum())
        raise GradingFailure(f"`Sigmoid.apply` is not finite far from 0: {bad} of {z.numel()} {z.dtype} inputs "
                             f"with |z| beyond exp's overflow give inf or nan\n→ {mc.SIGMOID_OVERFLOW.message}",
                             misconception=mc.SIGMOID_OVERFLOW)


@graded("Sigmoid", 1, public=True)
def test_sigmoid_of_the_lesson_examples(student, reference, device):
    expect_sigmoid(student, reference, torch.tensor([-3.0, 0.0, 0.5, 4.0], device=device))
    expect_sigmoid(student, reference, torch.tensor([-1000.0, -20.0, -1.0, 0.0, 2.0, 1000.0], device=device))


@graded("Sigmoid", 1)
def test_sigmoid_on_hidden_inputs(student, reference, inputs):
    expect_sigmoid(student, reference, inputs.randn(4, 5, scale=4.0))


@graded("Sigmoid", 1)
def test_sigmoid_in_float64(student, reference, inputs):
    expect_sigmoid(student, reference, inputs.randn(11, dtype=torch.float64, scale=3.0))


@graded("Sigmoid", 1)
def test_sigmoid_stays_finite_far_from_zero(student, reference, inputs):
    # exp overflows above about 88.7 in float32 and 709.8 in float64.
    for dtype, low in ((torch.float32, 90.0), (torch.float64, 710.0)):
        far = torch.cat([inputs.uniform(low, 10 * low, 3, dtype=dtype), -inputs.uniform(low, 10 * low, 3, dtype=dtype)])
        expect_finite_sigmoid(student, far)
        expect_sigmoid(student, reference, far)


# -- TwoLayerNet --------------------------------------------------------------------------------

NET_KEYS = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


def _nets(student, reference, device, sizes, dtype=torch.float32):
    """The student's and the reference's TwoLayerNet(*sizes), the student's holding the reference's weights."""
    net = construct(student, "TwoLayerNet", args=sizes)
    reference_net = construct(reference, "TwoLayerNet", args=sizes)
    with naming(mc.EXTRA_PARAMETER, lambda: set(NET_KEYS) < set(net.state_dict())):
        expect_state_dict_keys(net, NET_KEYS)
    for side in (net, reference_net):   # method arguments cross the sandbox: a name, not a torch.device
        if dtype == torch.float64:
            side.method("double")
        if device.type != "cpu":
            side.method("to", str(device))
    net.load_state_dict(reference_net.state_dict())
    return net, reference_net


def _forward_as(state, x, *, relu=True, softmax=False):
    """The logits a TwoLayerNet with ``state`` gives for ``x`` with or without the ReLU and a softmax."""
    hidden = x @ state["fc1.weight"].T + state["fc1.bias"]
    logits = (torch.relu(hidden) if relu else hidden) @ state["fc2.weight"].T + state["fc2.bias"]
    return torch.softmax(logits, dim=1) if softmax else logits


def expect_forward(net, reference_net, x):
    """``net.forward(x)`` is the reference's; a wrong one is named when it is the softmax or lacks the ReLU."""
    try:
        expect_method_match(net, reference_net, "forward", args=(x,))
    except GradingFailure as failure:
        got, state = net.value_of("forward", (x,), {}), reference_net.state_dict()
        tolerance = tolerance_for(x.dtype, x.device)
        for misconception, options in ((mc.SOFTMAX_IN_FORWARD, {"softmax": True}), (mc.RELU_MISSING, {"relu": False})):
            if isinstance(got, torch.Tensor) and compare(got, _forward_as(state, x, **options), tolerance) is None:
                raise GradingFailure(f"{failure.message}\n→ {misconception.message}", misconception=misconception) \
                    from None
        raise


@graded("TwoLayerNet", 1, public=True)
def test_two_layer_net_of_the_lesson_example(student, reference, device):
    net, reference_net = _nets(student, reference, device, (2, 3, 2))
    x, *_ = toy_network(device)
    expect_forward(net, reference_net, x)


@graded("TwoLayerNet", 1)
def test_two_layer_net_on_hidden_sizes(student, reference, inputs, device):
    net, reference_net = _nets(student, reference, device, (4, 9, 3))
    expect_forward(net, reference_net, inputs.randn(7, 4, scale=2.0))
    net, reference_net = _nets(student, reference, device, (3, 5, 2))
    expect_forward(net, reference_net, inputs.randn(1, 3, scale=2.0))


@graded("TwoLayerNet", 1)
def test_two_layer_net_in_float64(student, reference, inputs, device):
    net, reference_net = _nets(student, reference, device, (2, 6, 4), torch.float64)
    expect_forward(net, reference_net, inputs.randn(5, 2, dtype=torch.float64, scale=2.0))
