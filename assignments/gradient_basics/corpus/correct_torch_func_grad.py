# %% derivative_at
def derivative_at(func, x0):
    # torch.func.grad: reverse-mode autograd as a function transform
    return torch.func.grad(func)(torch.tensor(x0)).item()
