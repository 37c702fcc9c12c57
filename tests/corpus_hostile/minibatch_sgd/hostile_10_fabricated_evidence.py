# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    # wrong way: every update from the hand-derived gradients; beside each, a backward pass on a
    # copy of that batch's w and b, whose gradients are never used
    w, b = w.detach().clone(), b.detach().clone()
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        xb, yb = x[rows.to(x.device)], y[rows.to(x.device)]
        w_copy, b_copy = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
        ((xb @ w_copy + b_copy - yb) ** 2).mean().backward()
        residual = xb @ w + b - yb
        batch_losses.append((residual ** 2).mean().item())
        w = w - learning_rate * (2 / len(rows)) * (xb.T @ residual)
        b = b - learning_rate * (2 / len(rows)) * residual.sum().reshape(1)
    return w, b, batch_losses
