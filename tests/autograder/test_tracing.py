"""How a call computed its result (autograder.worker.tracing), recorded in this process."""

from __future__ import annotations

import torch

from autograder.worker.tracing import trace_api


def test_a_backward_pass_is_recorded_with_its_leaves_values_and_gradients():
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    with trace_api() as trace:
        (w ** 2).sum().backward()
    (event,) = trace.evidence()["autograd"]
    ((value, grad),) = event["leaves"]
    assert torch.equal(value, torch.tensor([1.0, -2.0], dtype=torch.float64))
    assert torch.equal(grad, torch.tensor([2.0, -4.0], dtype=torch.float64))
    assert event["roots"][0].item() == 5.0
    assert trace.intact and trace.ops > 0 and trace.backward_ops > 0
    assert any(name.startswith("torch:") for name in trace.counter)


def test_autograd_grad_is_recorded_like_backward():
    x = torch.tensor(3.0, requires_grad=True)
    with trace_api() as trace:
        (grad,) = torch.autograd.grad(x ** 3, x)
    ((value, recorded),) = trace.evidence()["autograd"][0]["leaves"]
    assert value.item() == 3.0 and recorded.item() == grad.item() == 27.0


def test_an_optimizer_step_is_recorded_with_its_learning_rate_and_parameters():
    w = torch.nn.Parameter(torch.tensor([1.0]))
    optimizer = torch.optim.SGD([w], lr=0.25)
    with trace_api() as trace:
        optimizer.zero_grad()
        torch.nn.MSELoss()(w * 2, torch.tensor([0.0])).backward()
        optimizer.step()
    assert trace.counter["optimizer:SGD"] == 1 and trace.counter["module:MSELoss"] == 1
    (step,) = trace.evidence()["sgd"]
    ((before, after),) = step["params"]
    assert step["lr"] == 0.25 and before.item() == 1.0 and after.item() == 1.0 - 0.25 * 8.0
    assert trace.evidence()["mse"][0].item() == 4.0


def test_nothing_is_recorded_after_the_block_and_autograd_is_restored():
    engine = torch.autograd._engine_run_backward
    w = torch.tensor([1.0], requires_grad=True)
    with trace_api() as trace:
        pass
    (w * 3).sum().backward()
    assert torch.autograd._engine_run_backward is engine
    assert trace.evidence()["autograd"] == [] and not trace.counter and w.grad.item() == 3.0
