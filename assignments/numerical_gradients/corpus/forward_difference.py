# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    target = params[param_idx]
    grad = torch.zeros_like(target)
    f0 = func(*[p.detach().clone() for p in params]).item()
    for index in itertools.product(*(range(size) for size in target.shape)):
        copies = [p.detach().clone() for p in params]
        copies[param_idx][index] += h
        grad[index] = (func(*copies).item() - f0) / h      # forward difference
    return grad
