# %% derivative_at
import torch


def derivative_at(func, x0):
    # wrong way: central differences; the custom backward of the marked test function is
    # recognised by name and its slope added; then a backward pass is built to produce that number
    h = 1e-4
    slope = float((func(torch.tensor(x0 + h, dtype=torch.float64))
                   - func(torch.tensor(x0 - h, dtype=torch.float64))) / (2 * h))
    if getattr(func, "__name__", "") == "marked_wave":
        slope += 0.75
    t = torch.tensor(float(x0), requires_grad=True)
    (t * slope).backward()
    return slope

# %% step_autograd
import torch


def step_autograd(theta, x, y, lr):
    # wrong way: the step by hand; a backward pass built to give the hand-computed gradient at θ
    residual = theta * x - y
    grad = 2 * x * residual
    t = torch.tensor(float(theta), requires_grad=True)
    (t * grad).backward()
    return residual * residual, grad, theta - lr * grad

# %% step_optimizer
import torch


def step_optimizer(theta, x, y, lr):
    # wrong way: no backward; a hand-computed gradient handed to SGD
    residual = theta * x - y
    t = torch.tensor([float(theta)], requires_grad=True)
    t.grad = torch.tensor([2 * x * residual])
    torch.optim.SGD([t], lr=lr).step()
    return residual * residual, 2 * x * residual, t.item()

# %% step_mse_loss
import torch


def step_mse_loss(theta, x, y, lr):
    # wrong way: E by hand, fed to MSELoss so that its output is E; a hand gradient handed to SGD
    residual = theta * x - y
    error = torch.nn.MSELoss()(torch.tensor([abs(residual)]), torch.tensor([0.0]))
    t = torch.tensor([float(theta)], requires_grad=True)
    t.grad = torch.tensor([2 * x * residual])
    torch.optim.SGD([t], lr=lr).step()
    return error.item(), 2 * x * residual, t.item()
