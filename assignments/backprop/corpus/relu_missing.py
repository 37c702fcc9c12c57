# %% mlp_forward
def mlp_forward(x, W1, b1, W2, b2):
    h = x @ W1 + b1
    out = h @ W2 + b2
    return h, out
