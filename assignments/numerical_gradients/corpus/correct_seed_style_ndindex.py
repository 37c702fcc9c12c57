# %% numerical_gradient
def numerical_gradient(func, params, param_idx, h=1e-5):
    # the seed's fixed version, with numpy's ndindex and detached clones
    grads = torch.zeros_like(params[param_idx])
    param_shape = params[param_idx].shape
    for idx in np.ndindex(param_shape):
        orig = params[param_idx][idx].item()
        params_plus = [p.detach().clone() for p in params]
        params_minus = [p.detach().clone() for p in params]
        params_plus[param_idx][idx] = orig + h
        params_minus[param_idx][idx] = orig - h
        f_plus = func(*params_plus).item()
        f_minus = func(*params_minus).item()
        grad = (f_plus - f_minus) / (2 * h)
        grads[idx] = grad
    return grads

# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    copies = [p.detach().clone() for p in params]
    copies[param_idx].requires_grad = True
    loss = func(*copies)
    loss.backward()                      # .grad lands on the copy only
    return copies[param_idx].grad

# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    errors = []
    for i in range(len(params)):
        num = numerical_gradient(func, params, i, h=h)
        ana = autograd_gradient(func, params, i)
        errors.extend((num - ana).abs().flatten().tolist())
    return max(errors) if errors else 0.0

# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    losses = []
    for w_test in w_values:
        w_tensor = torch.tensor([[w_test]], dtype=X.dtype, device=X.device)
        b_tensor = torch.tensor([b], dtype=X.dtype, device=X.device)
        l = ((X @ w_tensor + b_tensor - y) ** 2).mean()
        losses.append(l.item())
    return losses
