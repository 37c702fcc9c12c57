# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    losses = []
    for w in w_values:
        weight = torch.tensor([[float(w)]], dtype=X.dtype, device=X.device)
        losses.append(((X @ weight + b - y) ** 2).sum().item())     # sum, not mean
    return losses
