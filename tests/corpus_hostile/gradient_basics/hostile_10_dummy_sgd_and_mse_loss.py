# %% step_optimizer
import torch


def step_optimizer(theta, x, y, lr):
    # wrong way: the update by hand, then a dummy SGD step on an unrelated tensor
    residual = theta * x - y
    grad = 2 * x * residual
    dummy = torch.zeros(1, requires_grad=True)
    dummy.grad = torch.zeros(1)
    torch.optim.SGD([dummy], lr=0).step()
    return residual * residual, grad, theta - lr * grad

# %% step_mse_loss
import torch


def step_mse_loss(theta, x, y, lr):
    # wrong way: everything by hand, then a dummy MSELoss forward and a dummy SGD step at the right rate
    residual = theta * x - y
    grad = 2 * x * residual
    torch.nn.MSELoss()(torch.zeros(1), torch.ones(1))
    dummy = torch.zeros(1, requires_grad=True)
    dummy.grad = torch.ones(1)
    torch.optim.SGD([dummy], lr=lr).step()
    return residual * residual, grad, theta - lr * grad
