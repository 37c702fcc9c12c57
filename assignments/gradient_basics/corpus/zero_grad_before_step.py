# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    optimizer = torch.optim.SGD([t], lr=lr)
    error = (t * x - y) ** 2
    error.backward()
    grad = t.grad.item()
    optimizer.zero_grad()                     # clears the gradient before step(): no update
    optimizer.step()
    return error.item(), grad, t.item()
