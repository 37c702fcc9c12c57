# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    w = w.detach().requires_grad_(True)      # detach() shares the caller's storage: no copy
    b = b.detach().requires_grad_(True)
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        rows = rows.to(x.device)
        loss = ((x[rows] @ w + b - y[rows]) ** 2).mean()
        batch_losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= learning_rate * w.grad
            b -= learning_rate * b.grad
        w.grad = None
        b.grad = None
    return w.detach(), b.detach(), batch_losses
