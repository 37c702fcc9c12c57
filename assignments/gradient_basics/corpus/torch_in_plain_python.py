# %% step_plain_python
def step_plain_python(theta, x, y, lr):
    t = torch.tensor(theta)
    residual = t * x - y
    error = residual ** 2
    grad = 2 * x * residual
    return error.item(), grad.item(), (t - lr * grad).item()
