# %% loss_along_w
def loss_along_w(X, y, w_values, b):
    # the seed's loop: torch.tensor of a NumPy float64 gives a float64 weight
    losses = []
    for w_test in w_values:
        w_tensor = torch.tensor([[w_test]])
        l = ((X @ w_tensor + torch.tensor([b]) - y) ** 2).mean()
        losses.append(l.item())
    return losses
