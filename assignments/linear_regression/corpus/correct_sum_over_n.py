# %% mse_loss
def mse_loss(y_pred, y):
    diff = y_pred - y
    return (diff ** 2).sum() / diff.numel()

# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    N = len(y)
    residual = x @ w + b - y
    grad_w = 2 * x.T @ residual / N
    grad_b = 2 * residual.sum(dim=0, keepdim=True) / N
    return grad_w, grad_b

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = torch.clone(w0).detach()
    b = torch.clone(b0).detach()
    losses = []
    epoch = 0
    while epoch < num_epochs:
        losses.append(mse_loss(x @ w + b, y).item())
        gw, gb = linear_regression_gradients(x, y, w, b)
        w = w - learning_rate * gw
        b = b - learning_rate * gb
        epoch += 1
    return w, b, losses

# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = torch.tensor(w0.tolist(), dtype=w0.dtype, device=w0.device, requires_grad=True)
    b = torch.tensor(b0.tolist(), dtype=b0.dtype, device=b0.device, requires_grad=True)
    params = [w, b]
    sgd = torch.optim.SGD(params, lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        for p in params:
            p.grad = None            # clear by hand, the step is still SGD's
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        loss.backward()
        sgd.step()
    return w.detach().clone(), b.detach().clone(), losses

# %% learning_rate_sweep
def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    result = dict()
    for learning_rate in learning_rates:
        losses = train_linear_regression(x, y, w0, b0, learning_rate, num_epochs)[2]
        result[learning_rate] = losses[len(losses) - 1]
    return result
