# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    # the seed's first fix, dtype=torch.float32 written out: breaks on float64 data
    losses = []
    for w_test in w_values:
        w_tensor = torch.tensor([[w_test]], dtype=torch.float32, device=X.device)
        losses.append(((X @ w_tensor + b - y) ** 2).mean().item())
    return losses
