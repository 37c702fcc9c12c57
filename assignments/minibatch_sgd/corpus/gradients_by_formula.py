# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    w, b = w.detach().clone(), b.detach().clone()
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        xb, yb = x[rows.to(x.device)], y[rows.to(x.device)]
        residual = xb @ w + b - yb
        batch_losses.append((residual ** 2).mean().item())
        # the hand-derived gradients of the previous lesson instead of autograd
        w = w - learning_rate * (2 / len(rows)) * (xb.T @ residual)
        b = b - learning_rate * (2 / len(rows)) * residual.sum().reshape(1)
    return w, b, batch_losses
