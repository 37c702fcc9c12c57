# %% autograd_gradient
def autograd_gradient(func, params, param_idx):
    leaves = [p.detach().clone() for p in params]
    leaves[param_idx].requires_grad_(True)
    (grad,) = torch.autograd.grad(func(*leaves), leaves[param_idx], create_graph=True)
    return grad                               # still part of the (double-backward) graph
