# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    target = params[param_idx]
    target.requires_grad_(True)               # on the caller's tensor
    loss = func(*params)
    loss.backward()
    return target.grad.detach().clone()
