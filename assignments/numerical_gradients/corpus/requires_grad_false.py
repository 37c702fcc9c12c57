# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    leaves = [p.detach().clone() for p in params]     # detached: requires_grad is now False
    (grad,) = torch.autograd.grad(func(*leaves), leaves[param_idx])
    return grad
