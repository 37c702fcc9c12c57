# %% train_minibatch
def train_minibatch(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0):
    w, b = w0.detach().clone(), b0.detach().clone()
    epoch_losses = []
    for k in range(num_epochs):
        w, b, batch_losses = sgd_epoch(x, y, w, b, learning_rate, batch_size, torch.Generator().manual_seed(seed + k))
        epoch_losses.append(sum(batch_losses) / len(batch_losses))   # the mean of the batch losses
    return w, b, epoch_losses
