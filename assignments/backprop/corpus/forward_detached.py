# %% mlp_forward
def mlp_forward(x, W1, b1, W2, b2):
    # right values, computed in NumPy: nothing is attached to the graph
    import numpy as np
    h = np.maximum(x.detach().cpu().numpy() @ W1.detach().cpu().numpy() + b1.detach().cpu().numpy(), 0)
    out = h @ W2.detach().cpu().numpy() + b2.detach().cpu().numpy()
    return torch.from_numpy(h).to(x.device), torch.from_numpy(out).to(x.device)
