# %% mlp_backward
def mlp_backward(x, y, W1, b1, W2, b2):
    leaves = [p.detach().clone().requires_grad_(True) for p in (W1, b1, W2, b2)]
    _, out = mlp_forward(x, *leaves)
    ((out - y) ** 2).mean().backward()
    return tuple(p.grad for p in leaves)
