# %% step_plain_python
import threading

import torch


def _computed_with_torch(theta, x, y, lr):
    # wrong way: autograd, run in a helper thread (out of the calling thread's recorder) ...
    out = []

    def work():
        t = torch.tensor(float(theta), requires_grad=True)
        error = (t * x - y) ** 2
        error.backward()
        out.extend([error.item(), t.grad.item(), (t - lr * t.grad).item()])
        # ... then the profiler session that counted those operators is ended and a fresh one
        # started, with the grader's start marker recorded in it
        torch.autograd._disable_profiler()
        torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                               experimental_config=torch._C._profiler._ExperimentalConfig(profile_all_threads=True)
                               ).__enter__()
        with torch.profiler.record_function("pcpt-grader-trace-start"):
            pass

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    return tuple(out)


def step_plain_python(theta, x, y, lr):
    # a decoy in plain Python: the name is rebound below, so this is never what runs
    residual = theta * x - y
    grad = 2 * x * residual
    return residual * residual, grad, theta - lr * grad


globals()["step_plain_python"] = _computed_with_torch
