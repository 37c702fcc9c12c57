# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    optimizer = torch.optim.SGD([t], lr=lr)
    optimizer.zero_grad()
    error = (t * x - y) ** 2
    error.backward()
    return error.item(), t.grad.item(), t.item()   # optimizer.step() is never called
