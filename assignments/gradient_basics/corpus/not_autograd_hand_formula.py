# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.tensor([float(theta)])
    residual = t * x - y
    error = residual ** 2
    grad = 2 * x * residual           # derived by hand, no backward()
    t_new = t - lr * grad
    return error.item(), grad.item(), t_new.item()
