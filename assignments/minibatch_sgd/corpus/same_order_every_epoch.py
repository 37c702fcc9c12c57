# %% train_minibatch
def train_minibatch(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0):
    w, b = w0.detach().clone(), b0.detach().clone()
    epoch_losses = []
    for _ in range(num_epochs):
        generator = torch.Generator().manual_seed(seed)      # the same seed every epoch
        w, b, _ = sgd_epoch(x, y, w, b, learning_rate, batch_size, generator)
        epoch_losses.append(((x @ w + b - y) ** 2).mean().item())
    return w, b, epoch_losses
