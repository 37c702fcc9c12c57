# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    # every shifted copy at once: torch.vmap evaluates func on a batch of copies of the
    # parameter, each moved by +h or -h along one of its elements
    target = params[param_idx].detach()
    n = target.numel()
    steps = h * torch.eye(n, dtype=target.dtype, device=target.device).reshape(n, *target.shape)

    def f_of(p):
        args = [q.detach() for q in params]
        args[param_idx] = p
        return func(*args)

    f_plus = torch.vmap(f_of)(target + steps)
    f_minus = torch.vmap(f_of)(target - steps)
    return ((f_plus - f_minus) / (2 * h)).reshape(target.shape)

# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    # torch.func.grad: reverse-mode autograd as a function transform, no .grad anywhere
    args = [q.detach() for q in params]

    def f_of(p):
        return func(*args[:param_idx], p, *args[param_idx + 1:])

    return torch.func.grad(f_of)(args[param_idx])

# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    errors = [(numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)).abs()
              for i in range(len(params))]
    return torch.cat([e.flatten() for e in errors]).max().item() if any(e.numel() for e in errors) else 0.0
