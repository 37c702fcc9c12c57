# %% autograd_gradient
def autograd_gradient(func, params, param_idx)
    leaves = [p.detach().clone() for p in params]
    leaves[param_idx].requires_grad_(True)
    (grad,) = torch.autograd.grad(func(*leaves), leaves[param_idx])
    return grad.detach()
