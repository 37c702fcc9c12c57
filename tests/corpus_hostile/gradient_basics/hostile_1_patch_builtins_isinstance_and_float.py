# %% derivative_at
# Threat 1: blunt patches of builtins that an in-process checker would rely on.
import builtins

_real_float = builtins.float


def derivative_at(func, x0):
    # wrong: a forward difference with a huge step, not autograd
    h = 0.5
    return _real_float((func(torch.tensor(x0 + h)) - func(torch.tensor(x0))) / h)

# %% new
import builtins
import math

builtins.isinstance = lambda obj, cls: True          # "is it a float? yes"
builtins.abs = lambda value: 0.0                     # every |got - expected| is 0
builtins.round = lambda value, *args: 11.0
math.isclose = lambda *args, **kwargs: True
