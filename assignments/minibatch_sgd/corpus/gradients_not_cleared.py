# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        rows = rows.to(x.device)
        loss = ((x[rows] @ w + b - y[rows]) ** 2).mean()
        batch_losses.append(loss.item())
        loss.backward()              # no zero_grad(): each batch adds to the previous gradients
        optimizer.step()
    return w.detach(), b.detach(), batch_losses
