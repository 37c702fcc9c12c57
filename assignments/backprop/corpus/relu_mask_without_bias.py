# %% mlp_backward
def mlp_backward(x, y, W1, b1, W2, b2):
    h = torch.relu(x @ W1 + b1)
    out = h @ W2 + b2
    d_out = 2 * (out - y) / out.numel()
    mask = (x @ W1 > 0).float()              # the mask of x @ W1, without the bias
    d_z = (d_out @ W2.T) * mask.to(x.dtype)
    return x.T @ d_z, d_z.sum(0), h.T @ d_out, d_out.sum(0)
