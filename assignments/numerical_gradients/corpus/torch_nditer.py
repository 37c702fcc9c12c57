# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    # the seed's first version
    grads = torch.zeros_like(params[param_idx])
    it = torch.nditer(params[param_idx], flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        orig = params[param_idx][idx].item()
        params_plus = [p.clone() for p in params]
        params_minus = [p.clone() for p in params]
        params_plus[param_idx][idx] = orig + h
        params_minus[param_idx][idx] = orig - h
        f_plus = func(*params_plus).item()
        f_minus = func(*params_minus).item()
        grad = (f_plus - f_minus) / (2 * h)
        grads[idx] = grad
        it.iternext()
    return grads
