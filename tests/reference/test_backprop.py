"""The backprop reference follows the interface's rows for the assignment (CONTRACT §3 backprop)."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from reference import backprop as bp


def _network(dtype=torch.float64, seed=0, n=7, d=3, h=5, k=2):
    generator = torch.Generator().manual_seed(seed)
    shapes = [(n, d), (n, k), (d, h), (h,), (h, k), (k,)]
    return [torch.randn(*shape, generator=generator, dtype=dtype) for shape in shapes]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("z", [-1e4, -100.0, -30.0, 0.0, 30.0, 100.0, 1e4])
def test_sigmoid_is_finite_and_matches_torch_sigmoid_for_large_inputs(dtype, z):
    values = torch.tensor([z, -z], dtype=dtype)
    assert torch.isfinite(bp.Sigmoid.apply(values)).all()
    torch.testing.assert_close(bp.Sigmoid.apply(values), torch.sigmoid(values))


def test_sigmoid_backward_is_grad_output_times_s_times_one_minus_s():
    z = torch.linspace(-6, 6, 11, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(bp.Sigmoid.apply, (z,))
    weights = torch.arange(11, dtype=torch.float64) - 5
    (bp.Sigmoid.apply(z) * weights).sum().backward()
    s = torch.sigmoid(z.detach())
    torch.testing.assert_close(z.grad, weights * s * (1 - s))


def test_mlp_forward_is_differentiable_and_mlp_backward_matches_autograd():
    x, y, *params = _network()
    leaves = [p.clone().requires_grad_(True) for p in params]
    h, out = bp.mlp_forward(x, *leaves)
    assert h.shape == (7, 5) and out.shape == (7, 2) and out.requires_grad and (h >= 0).all()
    ((out - y) ** 2).mean().backward()
    for by_hand, leaf in zip(bp.mlp_backward(x, y, *params), leaves):
        assert by_hand.shape == leaf.shape and not by_hand.requires_grad
        torch.testing.assert_close(by_hand, leaf.grad)


def test_relu_derivative_is_zero_where_the_pre_activation_is_zero():
    x = torch.tensor([[1.0, -1.0]])
    W1, b1 = torch.tensor([[1.0], [1.0]]), torch.zeros(1)   # z = 0 exactly
    dW1, db1, _, _ = bp.mlp_backward(x, torch.ones(1, 1), W1, b1, torch.ones(1, 1), torch.zeros(1))
    assert db1.tolist() == [0.0] and dW1.abs().sum() == 0


def test_two_layer_net_holds_exactly_two_linear_layers_and_returns_logits():
    torch.manual_seed(0)
    net = bp.TwoLayerNet(3, 4, 2)
    assert list(net.state_dict()) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    x = torch.randn(5, 3)
    torch.testing.assert_close(net(x), net.fc2(torch.relu(net.fc1(x))))


def test_train_classifier_follows_the_contracts_batches_and_leaves_the_data_alone():
    x, labels = bp.make_blobs(50, seed=1)
    x_before, labels_before = x.clone(), labels.clone()
    torch.manual_seed(3)
    model = bp.TwoLayerNet(2, 6, 3)
    twin = bp.TwoLayerNet(2, 6, 3)
    twin.load_state_dict(model.state_dict())
    losses = bp.train_classifier(model, x, labels, learning_rate=0.2, num_epochs=3, batch_size=16, seed=5)
    # The same run written out: one optimizer, order randperm(seed + k), batches 16, 16, 16, 2.
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.2)
    expected = []
    for epoch in range(3):
        order = torch.randperm(50, generator=torch.Generator().manual_seed(5 + epoch))
        batch_losses = []
        for start in range(0, 50, 16):
            rows = order[start:start + 16]
            optimizer.zero_grad()
            loss = F.cross_entropy(twin(x[rows]), labels[rows])
            batch_losses.append(loss.item())
            loss.backward()
            optimizer.step()
        expected.append(sum(batch_losses) / 4)
    assert losses == pytest.approx(expected, rel=1e-6)
    for a, b in zip(model.parameters(), twin.parameters()):
        torch.testing.assert_close(a, b)
    assert torch.equal(x, x_before) and torch.equal(labels, labels_before)


def test_accuracy_counts_argmax_with_ties_at_the_first_index_and_keeps_the_mode():
    model = nn.Linear(2, 2)
    model.load_state_dict({"weight": torch.eye(2), "bias": torch.zeros(2)})
    points = torch.tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 1.0], [-1.0, -2.0]])
    for training in (True, False):
        model.train(training)
        assert bp.accuracy(model, points, torch.tensor([0, 1, 1, 1])) == 0.5
        assert model.training is training
