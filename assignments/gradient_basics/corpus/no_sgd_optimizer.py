# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    with torch.no_grad():             # updated by hand, no torch.optim.SGD
        t -= lr * t.grad
    return error.item(), t.grad.item(), t.item()
