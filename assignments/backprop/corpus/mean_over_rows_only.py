# %% mlp_backward
def mlp_backward(x, y, W1, b1, W2, b2):
    n = x.shape[0]
    z = x @ W1 + b1
    h = torch.relu(z)
    out = h @ W2 + b2
    d_out = 2 * (out - y) / n                # divided by the rows only, not by N*K
    d_z = (d_out @ W2.T) * (z > 0)
    return x.T @ d_z, d_z.sum(0), h.T @ d_out, d_out.sum(0)
