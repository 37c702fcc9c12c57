# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    work = [p.detach().clone() for p in params]          # one set of copies, restored after each nudge
    p = work[param_idx]
    grad = torch.zeros_like(p)
    flat_p = p.view(-1)                                  # shares storage with p (0-d gives one element)
    flat_g = grad.view(-1)
    for i in range(flat_p.numel()):
        original = flat_p[i].item()
        flat_p[i] = original + h
        f_plus = float(func(*work))
        flat_p[i] = original - h
        f_minus = float(func(*work))
        flat_p[i] = original
        flat_g[i] = (f_plus - f_minus) / (2.0 * h)
    return grad

# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    with torch.enable_grad():
        leaves = tuple(t.detach().clone().requires_grad_(i == param_idx) for i, t in enumerate(params))
        value = func(*leaves)
        value.backward()
    return leaves[param_idx].grad.detach().clone()

# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    worst = 0.0
    for k, param in enumerate(params):
        if param.numel() == 0:
            continue
        numeric = numerical_gradient(func, params, k, h)
        analytic = autograd_gradient(func, params, k)
        worst = max(worst, torch.max(torch.abs(numeric - analytic)).item())
    return float(worst)

# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    out = []
    for value in list(w_values):
        w = torch.tensor([[value]]).to(X)                # .to(X): X's dtype and device in one go
        residual = X @ w + b - y
        out.append(residual.pow(2).mean().item())
    return out
