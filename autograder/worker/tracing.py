"""Record which PyTorch facilities a call used (autograd, optimizers, loss modules).

Checks that a function was written the way its exercise asks ("by autograd", "with
torch.optim.SGD", "plain Python, no torch") read the names recorded here:

    "torch:<name>"       every torch function or tensor method called (e.g. "torch:backward",
                         "torch:grad", "torch:mse_loss", "torch:tensor")
    "optimizer:<Class>"  every optimizer ``step()`` (e.g. "optimizer:SGD")
    "module:<Class>"     every module forward (e.g. "module:MSELoss")
"""

from __future__ import annotations

import contextlib
from collections import Counter

from torch.nn.modules.module import register_module_forward_hook
from torch.optim.optimizer import register_optimizer_step_post_hook
from torch.overrides import TorchFunctionMode


def _name(func) -> str:
    return getattr(func, "__name__", None) or type(func).__name__


class _Recorder(TorchFunctionMode):
    def __init__(self, counter: Counter):
        super().__init__()
        self.counter = counter

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.counter["torch:" + _name(func)] += 1
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def trace_api():
    """Yield a Counter that fills with the names above while the block runs."""
    counter: Counter = Counter()

    def on_step(optimizer, args, kwargs):
        counter["optimizer:" + type(optimizer).__name__] += 1

    def on_forward(module, args, output):
        counter["module:" + type(module).__name__] += 1

    step_hook = register_optimizer_step_post_hook(on_step)
    forward_hook = register_module_forward_hook(on_forward)
    try:
        with _Recorder(counter):
            yield counter
    finally:
        step_hook.remove()
        forward_hook.remove()
