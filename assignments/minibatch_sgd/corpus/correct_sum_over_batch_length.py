# %% sgd_epoch
def sgd_epoch(x, y, w, b, learning_rate, batch_size, generator=None):
    params = [w.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)]
    batch_losses = []
    for rows in batch_indices(x.shape[0], batch_size, generator):
        xb, yb = x[rows.to(x.device)], y[rows.to(x.device)]
        residual = xb @ params[0] + params[1] - yb
        loss = (residual * residual).sum() / len(rows)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(learning_rate * p.grad)
                p.grad.zero_()
        batch_losses.append(loss.item())
    return params[0].detach(), params[1].detach(), batch_losses

# %% train_minibatch
def train_minibatch(x, y, w0, b0, learning_rate=0.05, num_epochs=20, batch_size=8, seed=0):
    w, b = w0.clone(), b0.clone()
    history = []
    for epoch in range(num_epochs):
        g = torch.Generator()
        g.manual_seed(seed + epoch)
        w, b, _ = sgd_epoch(x, y, w, b, learning_rate, batch_size, g)
        history.append(((x @ w + b - y) ** 2).sum().item() / x.shape[0])
    return w.detach(), b.detach(), history
