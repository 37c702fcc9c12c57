# %% batch_indices
def batch_indices(n, batch_size, generator=None):
    order = torch.arange(n) if generator is None else torch.randperm(n, generator=generator)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]

# %% sgd_epoch
import torch.nn.functional as F

def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    w, b = w.detach(), b.detach()
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator=generator):
        w_leaf, b_leaf = w.clone().requires_grad_(), b.clone().requires_grad_()
        loss = F.mse_loss(x.index_select(0, rows.to(x.device)) @ w_leaf + b_leaf, y.index_select(0, rows.to(x.device)))
        grad_w, grad_b = torch.autograd.grad(loss, (w_leaf, b_leaf))
        batch_losses.append(float(loss))
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    return w, b, batch_losses

# %% compare_batch_sizes
def compare_batch_sizes(x, y, w0, b0, batch_sizes, learning_rate=0.05, num_epochs=20, seed=0):
    return {size: train_minibatch(x, y, w0, b0, learning_rate, num_epochs, size, seed)[2][-1] for size in batch_sizes}
