# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    target = params[param_idx]
    result = torch.zeros(target.shape, dtype=target.dtype, device=target.device)
    for index in itertools.product(*map(range, target.shape)):
        def f_at(offset):
            args = [q.detach().clone() for q in params]
            args[param_idx][index] = args[param_idx][index] + offset
            return func(*args).item()
        result[index] = (f_at(h) - f_at(-h)) / (2 * h)
    return result

# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    args = [q.detach().clone() for q in params]
    args[param_idx] = args[param_idx].requires_grad_(True)
    grads = torch.autograd.grad(outputs=func(*args), inputs=args[param_idx], retain_graph=False)
    return grads[0].detach().reshape(params[param_idx].shape)

# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    return max(
        ((numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)).abs().max().item()
         for i in range(len(params)) if params[i].numel() > 0),
        default=0.0,
    )

# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    # all weights at once: column k of the predictions uses w_values[k]
    W = torch.as_tensor(np.asarray(w_values, dtype=np.float64), dtype=X.dtype, device=X.device).reshape(1, -1)
    predictions = X @ W + b                      # (N, K)
    losses = ((predictions - y) ** 2).mean(dim=0)
    return losses.tolist()
