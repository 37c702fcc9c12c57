# %% mse_loss
def mse_loss(y_pred, y):
    return torch.mean(torch.square(y_pred - y))

# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    # residual of every example, broadcast against the columns of x
    y_pred = x @ w + b
    r = y_pred - y
    grad_w = 2 * (x * r[:, None]).mean(dim=0)
    grad_b = 2 * r.mean().reshape(1)
    return grad_w, grad_b

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    N = x.shape[0]
    w = w0.clone().detach()
    b = b0.clone().detach()
    losses = []
    for epoch in range(num_epochs):
        # 1. forward pass
        y_pred = x @ w + b
        # 2. loss
        loss = ((y_pred - y) ** 2).mean()
        losses.append(loss.item())
        # 3. gradients by hand (inlined)
        grad_w = (2 / N) * (x * (y_pred - y).unsqueeze(1)).sum(dim=0)
        grad_b = (2 / N) * (y_pred - y).sum().reshape(1)
        # 4. update
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b, losses

# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.clone().detach().requires_grad_()
    b = b0.clone().detach().requires_grad_()
    optimizer = torch.optim.SGD([w, b], learning_rate)      # lr given positionally
    losses = []
    for epoch in range(num_epochs):
        y_pred = x @ w + b
        loss = torch.mean(torch.square(y_pred - y))
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()        # cleared after the step, ready for the next epoch
    return w.detach(), b.detach(), losses

# %% learning_rate_sweep
def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    final_losses = {}
    for lr in learning_rates:
        w, b, losses = train_linear_regression(x, y, w0, b0, learning_rate=lr, num_epochs=num_epochs)
        final_losses[lr] = float(losses[-1])
    return final_losses
