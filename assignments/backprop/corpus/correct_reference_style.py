# %% mlp_forward
def mlp_forward(x, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = torch.relu(z)
    return h, h @ W2 + b2
