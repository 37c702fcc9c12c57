# %% derivative_at
def derivative_at(func, x0):
    x = torch.tensor(float(x0))               # requires_grad defaults to False
    y = func(x)
    y.backward()
    return x.grad.item()
