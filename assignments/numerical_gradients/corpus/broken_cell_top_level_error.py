# %% numerical_gradient
from torch import nditer                     # fails before the def runs

def numerical_gradient(func, params, param_idx, h=1e-5):
    target = params[param_idx]
    grad = torch.zeros_like(target)
    for index in itertools.product(*(range(size) for size in target.shape)):
        plus = [p.detach().clone() for p in params]
        minus = [p.detach().clone() for p in params]
        plus[param_idx][index] += h
        minus[param_idx][index] -= h
        grad[index] = (func(*plus).item() - func(*minus).item()) / (2 * h)
    return grad
