# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    grad = t.grad.item()
    t -= lr * t.grad                          # no torch.no_grad(): in-place update of a leaf
    return error.item(), grad, t.item()
