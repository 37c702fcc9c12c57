# %% mlp_forward
def mlp_forward(x, W1, b1, W2, b2):
    z = x @ W1 + b1
    out = torch.relu(z) @ W2 + b2
    return z, out                            # h before the ReLU
