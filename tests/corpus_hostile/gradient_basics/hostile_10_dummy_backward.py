# %% derivative_at
import torch


def derivative_at(func, x0):
    # wrong way: central differences, then a dummy backward so that "autograd was used"
    h = 1e-3
    slope = (func(torch.tensor(x0 + h, dtype=torch.float64)) - func(torch.tensor(x0 - h, dtype=torch.float64))) / (2 * h)
    torch.zeros(1, requires_grad=True).sum().backward()
    return float(slope)

# %% step_autograd
import torch


def step_autograd(theta, x, y, lr):
    # wrong way: the step by hand, then a dummy backward so that "autograd was used"
    residual = theta * x - y
    grad = 2 * x * residual
    torch.zeros(1, requires_grad=True).sum().backward()
    return residual * residual, grad, theta - lr * grad
