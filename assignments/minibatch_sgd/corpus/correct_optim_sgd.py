# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    w = w.detach().clone().requires_grad_(True)
    b = b.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    batch_losses = []
    for rows in batch_indices(len(x), batch_size, generator):
        optimizer.zero_grad()
        rows = rows.to(x.device)
        loss = torch.nn.MSELoss()(x[rows] @ w + b, y[rows])
        batch_losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), batch_losses

# %% train_minibatch
def train_minibatch(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0):
    w, b = w0, b0
    epoch_losses = []
    for k in range(num_epochs):
        w, b, _ = sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=torch.Generator().manual_seed(seed + k))
        with torch.no_grad():
            epoch_losses.append(torch.nn.functional.mse_loss(x @ w + b, y).item())
    return w, b, epoch_losses
