# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    # torch.func: each batch's gradient and loss from one transform, the update out of place
    def batch_loss(w_, b_, rows):
        return ((x[rows] @ w_ + b_ - y[rows]) ** 2).mean()

    step = torch.func.grad_and_value(batch_loss, argnums=(0, 1))
    w, b = w.detach(), b.detach()
    losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        (grad_w, grad_b), loss = step(w, b, rows.to(x.device))
        losses.append(loss.item())
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    return w, b, losses
