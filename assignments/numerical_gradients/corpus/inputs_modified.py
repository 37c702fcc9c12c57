# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    grads = torch.zeros_like(params[param_idx])
    for idx in itertools.product(*(range(s) for s in params[param_idx].shape)):
        orig = params[param_idx][idx].item()
        params_plus = list(params)            # a new list, but the same tensors as the caller's
        params_plus[param_idx][idx] = orig + h
        f_plus = func(*params_plus).item()
        params_minus = list(params)
        params_minus[param_idx][idx] = orig - h
        f_minus = func(*params_minus).item()
        grads[idx] = (f_plus - f_minus) / (2 * h)
    return grads
