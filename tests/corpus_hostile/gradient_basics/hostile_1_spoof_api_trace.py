# %% step_plain_python
import torch


def _recorders():
    """The TorchFunctionMode objects active around this call (the grader's API tracer)."""
    from torch.overrides import _get_current_function_mode_stack
    return [mode for mode in _get_current_function_mode_stack() if hasattr(mode, "counter")]


def step_plain_python(theta, x, y, lr):
    # wrong way: the exercise asks for plain Python, this uses torch and autograd ...
    t = torch.tensor(float(theta), requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    result = (error.item(), t.grad.item(), (t - lr * t.grad).item())
    # ... and then erases the evidence from the grader's recorder (threat 1: patching the checker's tools)
    for recorder in _recorders():
        for name in [n for n in recorder.counter if n.startswith("torch")]:
            del recorder.counter[name]
    return result

# %% step_optimizer
import torch


def step_optimizer(theta, x, y, lr):
    # wrong way: the exercise asks for torch.optim.SGD, this updates by hand ...
    t = torch.tensor([float(theta)], requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    with torch.no_grad():
        t -= lr * t.grad
    # ... and writes the name the check looks for into the grader's recorder
    for recorder in _recorders():
        recorder.counter["optimizer:SGD"] += 1
    return error.item(), t.grad.item(), t.item()
