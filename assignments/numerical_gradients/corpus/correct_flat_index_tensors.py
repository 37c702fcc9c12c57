# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    base = [p.detach() for p in params]
    target = base[param_idx]
    flat_grad = torch.empty(target.numel(), dtype=target.dtype, device=target.device)
    for i in range(target.numel()):
        step = torch.zeros(target.numel(), dtype=target.dtype, device=target.device)
        step[i] = h
        step = step.view(target.shape)           # a one-hot nudge, same shape as the target
        plus = list(base)
        minus = list(base)
        plus[param_idx] = target + step          # new tensors: the caller's stay untouched
        minus[param_idx] = target - step
        flat_grad[i] = (func(*plus) - func(*minus)) / (2 * h)   # kept as tensors
    return flat_grad.view(target.shape)

# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    inputs = list(params)
    x = params[param_idx].detach().requires_grad_()
    inputs[param_idx] = x
    with torch.enable_grad():
        out = func(*inputs)
    return torch.autograd.grad(out, [x])[0].detach()

# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    if not params:
        return 0.0
    diffs = [(numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)).abs().reshape(-1)
             for i in range(len(params))]
    everything = torch.cat(diffs)
    return everything.max().item() if everything.numel() else 0.0

# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    return [((X @ torch.as_tensor(w, dtype=X.dtype, device=X.device).reshape(1, 1) + b - y) ** 2).mean().item()
            for w in w_values]
