# %% derivative_at
def derivative_at(func, x0):
    # a careful central difference in float64 instead of autograd
    h = 1e-6
    plus = func(torch.tensor(x0 + h, dtype=torch.float64))
    minus = func(torch.tensor(x0 - h, dtype=torch.float64))
    return ((plus - minus) / (2 * h)).item()
