# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.tensor([float(theta)])          # forgot requires_grad=True
    error = (t * x - y) ** 2
    error.backward()
    grad = t.grad.item()
    with torch.no_grad():
        t -= lr * t.grad
    return error.item(), grad, t.item()
