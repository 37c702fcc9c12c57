# %% mse_loss
def mse_loss(y_pred, y):
    criterion = torch.nn.MSELoss()
    return criterion(y_pred, y)

# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    n = y.shape[0]
    error = torch.matmul(x, w) + b - y          # (N,)
    grad_w = torch.matmul(error, x) * (2.0 / n)  # (N,) @ (N, D) -> (D,)
    grad_b = torch.stack([error.sum()]) * (2.0 / n)
    return grad_w, grad_b

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = torch.zeros_like(w0).copy_(w0)
    b = torch.zeros_like(b0).copy_(b0)
    losses = []
    for _ in range(num_epochs):
        losses.append(mse_loss(torch.matmul(x, w) + b, y).item())
        grads = linear_regression_gradients(x, y, w, b)
        w.sub_(learning_rate * grads[0])
        b.sub_(learning_rate * grads[1])
    return w, b, losses

# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = torch.nn.Parameter(w0.detach().clone())
    b = torch.nn.Parameter(b0.detach().clone())
    optimizer = torch.optim.SGD([w, b], lr=learning_rate, momentum=0.0)
    criterion = torch.nn.MSELoss()
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(torch.matmul(x, w) + b, y)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        return w.clone(), b.clone(), losses

# %% learning_rate_sweep
def _final_loss(x, y, w0, b0, lr, num_epochs):
    *_, losses = train_linear_regression(x, y, w0, b0, learning_rate=lr, num_epochs=num_epochs)
    return losses[-1]


def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    return dict((lr, _final_loss(x, y, w0, b0, lr, num_epochs)) for lr in learning_rates)
