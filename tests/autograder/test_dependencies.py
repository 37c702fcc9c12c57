"""Stand-in dependencies: served by the grader, never reference code in the student's process.

The first part runs the worker's proxies against the grader's ``DependencyServer`` over
a socket pair in this process (values, gradients, limits); the second goes through the
sandbox (forged nested requests, the shared deadline, a whole dependent call).
"""

import gc
import socket
import threading
import time

import pytest
import torch

from autograder.notebook import NotebookCell
from autograder.reference_runner import BUDGET_FACTOR, BUDGET_SLACK
from autograder.sandbox import ForkServer, Limits
from autograder.submission import DependencyServer, SandboxedSubmission
from autograder.worker import dependencies
from pcpt_portable import testfuncs, wire
from autograder.worker.tracing import trace_api
from reference import autograd_descent, linear_regression, minibatch_sgd, numerical_gradients
from tests.helpers.course import COURSE


class Harness:
    """A proxy namespace whose nested requests a grader thread answers with ``DependencyServer``."""

    def __init__(self, assignment, function, args, kwargs=None, own=None, prepared=False):
        self.grader_end, worker_end = socket.socketpair()
        self.server = DependencyServer(COURSE.assignment(assignment), function, args, kwargs or {}, Limits())
        self.channel = dependencies.Channel(worker_end, lambda device: device)
        self.channel.open(1, dict(self.server.answers) if prepared else None)
        self.namespace = dict(own or {})
        dependencies.install(self.namespace, self.server.names, self.channel)
        self.failures = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                header, blobs = wire.read_message(self.grader_end)
                answer = self.server.handle(header, blobs, time.monotonic() + 30)
            except EOFError:
                return
            except Exception as exc:  # noqa: BLE001 - recorded for the test to see
                self.failures.append(exc)
                self.grader_end.close()
                return
            wire.send_message(self.grader_end, *answer)

    def __getitem__(self, name):
        return self.namespace[name]


def leaves(*values, dtype=torch.float64):
    return [torch.tensor(v, dtype=dtype, requires_grad=True) for v in values]


def test_himmelblau_stand_in_gives_the_reference_value_and_gradients():
    harness = Harness("autograd_descent", "optimize_himmelblau", (1.0, 1.0))
    for dtype in (torch.float64, torch.float32):
        u, v = leaves(-1.3, 2.7, dtype=dtype)
        loss = harness["himmelblau"](u, v)
        (2.5 * loss).backward()
        ru, rv = leaves(-1.3, 2.7, dtype=dtype)
        expected = autograd_descent.himmelblau(ru, rv)
        (2.5 * expected).backward()
        assert loss.dtype == dtype and loss.requires_grad and loss.grad_fn is not None
        assert torch.allclose(loss.detach(), expected.detach(), rtol=1e-6, atol=0)
        assert torch.allclose(u.grad, ru.grad, rtol=1e-6) and torch.allclose(v.grad, rv.grad, rtol=1e-6)
    assert not harness.failures


def test_mse_loss_stand_in_backpropagates_through_its_inputs_to_the_callers_leaves():
    x, y = linear_regression.make_linear_data(30, true_w=(1.5, -0.5))
    harness = Harness("linear_regression", "train_linear_regression_autograd", (x, y, torch.zeros(2), torch.zeros(1)))
    w, b = torch.tensor([0.3, -0.2], requires_grad=True), torch.tensor([0.1], requires_grad=True)
    rw, rb = w.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)
    loss = harness["mse_loss"](x @ w + b, y)
    loss.backward()
    expected = linear_regression.mse_loss(x @ rw + rb, y)
    expected.backward()
    assert torch.allclose(loss.detach(), expected.detach(), rtol=1.3e-6, atol=1e-7)
    assert torch.allclose(w.grad, rw.grad, rtol=1.3e-6, atol=1e-7) and torch.allclose(b.grad, rb.grad, rtol=1.3e-6,
                                                                                        atol=1e-7)
    with torch.no_grad():  # grad mode off: a plain value, as the real function would give
        assert not harness["mse_loss"](x @ w + b, y).requires_grad
    assert not harness.failures


def test_non_scalar_results_backpropagate_through_a_graph_kept_by_the_grader_once():
    x, y = linear_regression.make_linear_data(20, true_w=(1.0, 2.0))
    harness = Harness("linear_regression", "train_linear_regression", (x, y, torch.zeros(2), torch.zeros(1)))
    w, b = torch.tensor([0.5, 0.25], dtype=torch.float32, requires_grad=True), torch.zeros(1, requires_grad=True)
    grad_w, grad_b = harness["linear_regression_gradients"](x, y, w, b)
    (grad_w * torch.tensor([1.0, -3.0])).sum().backward(retain_graph=True)
    rw = w.detach().clone().requires_grad_(True)
    expected_w, _ = linear_regression.linear_regression_gradients(x, y, rw, b.detach())
    (expected_w * torch.tensor([1.0, -3.0])).sum().backward()
    assert torch.allclose(grad_w.detach(), expected_w.detach()) and torch.allclose(w.grad, rw.grad, atol=1e-6)
    assert grad_b.shape == (1,)
    with pytest.raises(RuntimeError, match="again"):
        grad_w.sum().backward()
    assert not harness.failures


def test_tuple_results_and_named_test_functions_come_back_as_the_reference_computes_them():
    x, y = linear_regression.make_linear_data(25)
    args = (x, y, torch.zeros(1), torch.zeros(1))
    harness = Harness("linear_regression", "learning_rate_sweep", args + ([0.1, 0.5],))
    w, b, losses = harness["train_linear_regression"](*args, learning_rate=0.5, num_epochs=7)
    rw, rb, rlosses = linear_regression.train_linear_regression(*args, learning_rate=0.5, num_epochs=7)
    assert torch.equal(w, rw) and torch.equal(b, rb) and losses == rlosses and type(losses) is list

    func = testfuncs.build("sum_exp", (3.0,))
    params = (torch.linspace(-1, 1, 4, dtype=torch.float64),)
    ng = Harness("numerical_gradients", "max_gradient_error", (wire.NamedCallable("sum_exp", (3.0,)), params))
    got = ng["numerical_gradient"](func, params, 0, 1e-2)
    assert torch.equal(got, numerical_gradients.numerical_gradient(func, params, 0, 1e-2))
    assert not harness.failures and not ng.failures


def test_a_callable_the_grader_did_not_build_runs_the_students_own_dependency():
    func = testfuncs.build("cube")
    params = (torch.tensor([0.5, 2.0], dtype=torch.float64),)
    calls = []

    def own_numerical_gradient(f, p, i, h=1e-5):
        calls.append(f)
        return torch.full_like(p[i], 7.0)

    harness = Harness("numerical_gradients", "max_gradient_error", (wire.NamedCallable("cube"), params),
                      own={"numerical_gradient": own_numerical_gradient})
    assert harness["numerical_gradient"](lambda t: func(t), params, 0).tolist() == [7.0, 7.0]
    assert len(calls) == 1
    alone = Harness("numerical_gradients", "max_gradient_error", (wire.NamedCallable("cube"), params))
    with pytest.raises(TypeError, match="accepts only data"):
        alone["autograd_gradient"](lambda t: func(t), params, 0)
    assert not harness.failures and not alone.failures


def test_calls_beyond_the_budget_fail_with_a_message_that_says_why():
    harness = Harness("autograd_descent", "optimize_himmelblau", (1.0, 1.0), {"num_steps": 5})
    budget = BUDGET_FACTOR * 5 + BUDGET_SLACK
    u, v = leaves(0.0, 0.0)
    for _ in range(budget):
        harness["himmelblau"](u, v)
    with pytest.raises(RuntimeError, match=f"more than {budget} times .* calls it 5 times"):
        harness["himmelblau"](u, v)
    assert not harness.failures


def test_a_stand_in_works_only_during_its_call_and_its_work_is_not_traced():
    harness = Harness("autograd_descent", "optimize_himmelblau", (1.0, 1.0))
    u, v = leaves(1.0, 2.0)
    with trace_api() as api:
        harness["himmelblau"](u, v).backward()
    assert not [name for name in api.counter if name.startswith("torch:") and name != "torch:backward"], api.counter
    harness.channel.close()
    with pytest.raises(RuntimeError, match="only while a check calls"):
        harness["himmelblau"](u, v)


def test_the_stand_ins_hold_no_reference_code():
    harness = Harness("autograd_descent", "optimize_himmelblau", (1.0, 1.0))
    proxy = harness["himmelblau"]
    reachable = [proxy, *proxy.__closure__] + [cell.cell_contents for cell in proxy.__closure__]
    assert all("reference" not in str(getattr(getattr(item, "__code__", None), "co_filename", "")) for item in reachable)
    assert "(u**2 + v - 11)" not in str(proxy.__code__.co_consts)


def descend(himmelblau, u0, v0, learning_rate, steps):
    u, v = leaves(u0, v0, dtype=torch.float32)
    losses = []
    for _ in range(steps):
        loss = himmelblau(u, v)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            u -= learning_rate * u.grad
            v -= learning_rate * v.grad
        u.grad = v.grad = None
    return u.item(), v.item(), losses


def test_answers_prepared_ahead_serve_the_references_own_calls_without_round_trips():
    harness = Harness("autograd_descent", "optimize_himmelblau", (0.5, -1.5), {"num_steps": 40, "learning_rate": 1e-3},
                      prepared=True)
    expected = autograd_descent.optimize_himmelblau(0.5, -1.5, learning_rate=1e-3, num_steps=40)
    assert len(harness.server.answers) == 40
    assert descend(harness["himmelblau"], 0.5, -1.5, 1e-3, 40) == expected[:3]
    assert harness.server.calls == 0                 # every step matched an answer bit for bit
    other = descend(harness["himmelblau"], 0.5, -1.5, 2e-3, 5)   # same start, then other inputs: the grader
    assert harness.server.calls == 4                               # computes the four steps after the first
    assert other == autograd_descent.optimize_himmelblau(0.5, -1.5, learning_rate=2e-3, num_steps=5)[:3]
    assert not harness.failures


def test_a_prepared_answer_opens_only_with_its_exact_request():
    harness = Harness("autograd_descent", "optimize_himmelblau", (0.5, -1.5), {"num_steps": 3}, prepared=True)
    u, v = leaves(0.5, -1.5, dtype=torch.float32)
    loss = autograd_descent.himmelblau(u, v)
    secret, grads = dependencies.request_secret("himmelblau", (u, v), {})
    sealed = dict(harness.server.answers)[dependencies.answer_id(secret)]
    assert len(grads) == 2 and loss.detach().numpy().tobytes() not in sealed
    header, _ = wire.unpack(dependencies.seal(secret, sealed))
    assert header["ok"] and header["differentiable"] == [True]
    for other in [(u, torch.tensor(-1.4999, requires_grad=True)), (u.detach(), v), (u.double(), v)]:
        nearby, _ = dependencies.request_secret("himmelblau", other, {})
        assert dependencies.answer_id(nearby) not in dict(harness.server.answers)
        with pytest.raises(wire.WireError):
            wire.unpack(dependencies.seal(nearby, sealed))
    with torch.no_grad():
        assert dependencies.request_secret("himmelblau", (u, v), {})[0] != secret


def seeded(seed):
    return torch.Generator().manual_seed(seed)


def never_shuffled(n, batch_size, generator=None):
    return list(torch.split(torch.arange(n), batch_size))


def minibatch_harness(function, prepared=False, own=None):
    x, y = minibatch_sgd.make_linear_data(30, true_w=(1.0, 2.0))
    args = (x, y, torch.zeros(2), torch.zeros(1), 0.1, 7, wire.NamedCallable("cpu_generator", (5,)))
    return Harness("minibatch_sgd", function, args if function == "sgd_epoch" else args[:4], prepared=prepared,
                   own=own), x, y


@pytest.mark.parametrize("prepared", [False, True], ids=["round-trips", "prepared"])
def test_a_generator_reaches_the_grader_and_advances_the_callers_as_the_references_would(prepared):
    harness, _, _ = minibatch_harness("sgd_epoch", prepared, own={"batch_indices": never_shuffled})
    mine, theirs = seeded(5), seeded(5)
    for call in range(3):   # one generator across calls: each call starts where the last left it
        got = harness["batch_indices"](30, 7, mine) if call < 2 else harness["batch_indices"](30, 7, generator=mine)
        expected = minibatch_sgd.batch_indices(30, 7, theirs)
        assert [b.tolist() for b in got] == [b.tolist() for b in expected]
        assert torch.equal(mine.get_state(), theirs.get_state())
    assert harness.server.calls == (2 if prepared else 3)   # the reference's own first call is prepared
    assert not harness.failures


def test_a_shared_generator_sees_the_reference_epochs_order_through_a_stand_in_epoch():
    harness, x, y = minibatch_harness("train_minibatch")
    mine, theirs = seeded(3), seeded(3)
    w, b, rw, rb = torch.zeros(2), torch.zeros(1), torch.zeros(2), torch.zeros(1)
    for _ in range(3):
        w, b, losses = harness["sgd_epoch"](x, y, w, b, 0.1, 7, mine)
        rw, rb, rlosses = minibatch_sgd.sgd_epoch(x, y, rw, rb, 0.1, 7, theirs)
        assert torch.equal(w, rw) and torch.equal(b, rb) and losses == rlosses
    assert torch.equal(mine.get_state(), theirs.get_state()) and harness.server.calls == 3
    assert not harness.failures


def test_a_generator_is_part_of_the_request_and_one_passed_twice_runs_the_students_own():
    secret = dependencies.request_secret("batch_indices", (30, 7, seeded(5)), {})[0]
    assert dependencies.request_secret("batch_indices", (30, 7, seeded(5)), {})[0] == secret
    assert dependencies.request_secret("batch_indices", (30, 7, seeded(6)), {})[0] != secret
    drawn = seeded(5)
    torch.rand(1, generator=drawn)
    assert dependencies.request_secret("batch_indices", (30, 7, drawn), {})[0] != secret
    calls = []
    harness, _, _ = minibatch_harness("sgd_epoch", own={"batch_indices": lambda *a: calls.append(a) or []})
    twice = seeded(5)
    assert harness["batch_indices"](30, 7, [twice, twice]) == [] and len(calls) == 1
    assert harness.server.calls == 0 and not harness.failures


# -- through the sandbox -------------------------------------------------------------------

STUDENT = '''
import gc, sys, torch

def mse_loss(y_pred, y):
    return ((y_pred - y) ** 2).mean()

def linear_regression_gradients(x, y, w, b):
    r = x @ w + b - y
    return 2 / x.shape[0] * (x.T @ r), 2 / x.shape[0] * r.sum().reshape(1)

def _channel():
    return next(o for o in gc.get_objects() if type(o).__name__ == "Channel")

def forge(header):
    channel = _channel()
    send = type(channel).exchange.__globals__["wire"].send_message
    send(channel.sock, dict({"seq": channel.seq}, **header))
    return channel.sock.recv(100)

def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    if num_epochs == 1:
        return forge({"op": "dependency", "call": 1, "name": "numerical_gradient", "args": [[], {"$dict": []}],
                      "grad_inputs": 0})
    if num_epochs == 2:
        return forge({"op": "dependency", "call": 7, "name": "mse_loss", "args": [[], {"$dict": []}], "grad_inputs": 0})
    if num_epochs == 3:
        return forge({"op": "dependency", "call": 1, "name": "mse_loss", "args": [[{"$pickle": "x"}], {"$dict": []}],
                      "grad_inputs": 0})
    if num_epochs == 4:
        return forge({"op": "dependency_backward", "call": 1, "grads": []})
    if num_epochs == 5:
        return forge({"op": "run_this", "call": 1})
    w, b, losses = w0.clone(), b0.clone(), []
    for _ in range(num_epochs):
        losses.append(mse_loss(x @ w + b, y).item())
        gw, gb = linear_regression_gradients(x, y, w, b)
        w, b = w - learning_rate * gw, b - learning_rate * gb
    return w, b, losses

def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    if num_epochs == 0:
        return forge({"op": "dependency", "call": 1, "name": "mse_loss", "args": [[], {"$dict": []}], "grad_inputs": 0})
    if num_epochs == 1:
        return train_linear_regression(x, y, w0, b0, 0.1, 10 ** 9)
    return {lr: train_linear_regression(x, y, w0, b0, lr, num_epochs)[2][-1] for lr in learning_rates}
'''


@pytest.fixture(scope="module")
def server():
    with ForkServer(Limits(call_timeout=3, cell_timeout=10, submission_timeout=120), course=COURSE) as server:
        yield server


def submission(server, *more_cells):
    cells = [NotebookCell(1, STUDENT, "train_linear_regression")]
    cells += [NotebookCell(2 + number, source, None) for number, source in enumerate(more_cells)]
    return SandboxedSubmission(server, cells, COURSE.assignment("linear_regression")).start()


@pytest.mark.sandbox
@pytest.mark.slow
def test_dependent_calls_through_the_sandbox_match_the_reference(server):
    student = submission(server)
    x, y = linear_regression.make_linear_data(40)
    args = (x, y, torch.zeros(1), torch.zeros(1))
    got = student.call("learning_rate_sweep", args + ([0.05, 0.5],), {"num_epochs": 20})
    assert got.ok, got.error
    assert got.value == linear_regression.learning_rate_sweep(*args, [0.05, 0.5], num_epochs=20)
    got = student.call("train_linear_regression", args, {"num_epochs": 30})
    expected = linear_regression.train_linear_regression(*args, num_epochs=30)
    assert got.ok and got.value[2] == pytest.approx(expected[2], rel=1e-5)
    student.close()


@pytest.mark.slow
@pytest.mark.parametrize("function,epochs", [("train_linear_regression", 1), ("train_linear_regression", 2),
                                             ("train_linear_regression", 3), ("train_linear_regression", 4),
                                             ("train_linear_regression", 5), ("mse_loss", None),
                                             ("learning_rate_sweep", 0)],
                         ids=["not-a-dependency", "call-out-of-order", "pickle-in-args", "backward-of-nothing",
                              "unknown-op", "function-without-dependencies", "dependency-of-another-function"])
@pytest.mark.sandbox
def test_a_forged_nested_request_kills_the_process(server, function, epochs):
    forging_mse = "def mse_loss(y_pred, y):\n    return forge({'op': 'dependency', 'call': 1})"
    student = submission(server, *([forging_mse] if function == "mse_loss" else []))
    x, y = linear_regression.make_linear_data(10)
    if function == "mse_loss":  # mse_loss has no dependencies: any nested request is forged
        got = student.call("mse_loss", (x[:, 0], y))
    elif function == "learning_rate_sweep":
        got = student.call(function, (x, y, torch.zeros(1), torch.zeros(1), [0.1]), {"num_epochs": epochs})
    else:
        got = student.call(function, (x, y, torch.zeros(1), torch.zeros(1)), {"num_epochs": epochs})
    assert not got.ok and got.error.kind == "protocol", got.error
    assert not student.process.alive
    student.close()


@pytest.mark.sandbox
@pytest.mark.slow
def test_dependency_work_shares_the_calls_deadline(server):
    student = submission(server)
    x, y = linear_regression.make_linear_data(10)
    started = time.monotonic()
    got = student.call("learning_rate_sweep", (x, y, torch.zeros(1), torch.zeros(1), [0.1]), {"num_epochs": 1})
    assert not got.ok and got.error.kind == "timeout", got.error
    assert time.monotonic() - started < 3 + 2
    student.close()
    gc.collect()


MINIBATCH_STUDENT = '''
import gc, torch

def batch_indices(n, batch_size, generator=None):
    return list(torch.split(torch.arange(n), batch_size))     # never shuffled

def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    if learning_rate > 1:    # forge the stand-in's request: a generator state made up by the student
        channel = next(o for o in gc.get_objects() if type(o).__name__ == "Channel")
        wire = type(channel).exchange.__globals__["wire"]
        request = {"seq": channel.seq, "op": "dependency", "call": 1, "name": "batch_indices", "grad_inputs": 0,
                   "args": [[x.shape[0], batch_size, {"$generator": {"device": "cpu", "state": 0}}], {"$dict": []}]}
        wire.send_message(channel.sock, request, [STATES[int(learning_rate) - 2]])
        return wire.read_message(channel.sock)[0]["ok"]
    order = [rows.tolist() for rows in batch_indices(x.shape[0], batch_size, generator)]
    return order, generator.get_state()

STATES = [torch.Generator().manual_seed(4).get_state().numpy().tobytes(), bytes(5056), bytes(10), bytes(70_000)]
'''


@pytest.mark.sandbox
@pytest.mark.slow
def test_a_generator_crosses_the_sandbox_both_ways_and_forged_states_kill_the_process(server):
    student = SandboxedSubmission(server, [NotebookCell(1, MINIBATCH_STUDENT, "sgd_epoch")], COURSE.assignment("minibatch_sgd")).start()
    x, y = minibatch_sgd.make_linear_data(30, true_w=(1.0, 2.0))
    args = (x, y, torch.zeros(2), torch.zeros(1), 0.1, 7, wire.NamedCallable("cpu_generator", (4,)))
    got = student.call("sgd_epoch", args)
    theirs = seeded(4)
    assert got.ok and got.value[0] == [rows.tolist() for rows in minibatch_sgd.batch_indices(30, 7, theirs)]
    assert torch.equal(got.value[1], theirs.get_state())
    assert student.call("sgd_epoch", args[:4] + (2.0,) + args[5:]).value is True   # a real state: answered
    for forged_rate in (3.0, 4.0, 5.0):   # an invalid mt19937 state, one too short, one over the size limit
        got = student.call("sgd_epoch", args[:4] + (forged_rate,) + args[5:])
        assert not got.ok and got.error.kind == "protocol", got.error
        assert not student.process.alive
    student.close()
