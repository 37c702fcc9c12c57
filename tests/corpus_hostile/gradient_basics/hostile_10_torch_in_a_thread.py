# %% step_plain_python
import threading

import torch


def _autograd_step(theta, x, y, lr, out):
    t = torch.tensor(float(theta), requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    out.extend([error.item(), t.grad.item(), (t - lr * t.grad).item()])


def step_plain_python(theta, x, y, lr):
    # wrong way: torch and autograd, run in a helper thread where a thread-local recorder cannot see them
    out = []
    worker = threading.Thread(target=_autograd_step, args=(theta, x, y, lr, out))
    worker.start()
    worker.join()
    return tuple(out)
