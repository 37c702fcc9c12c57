# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    losses = []
    for _ in range(num_epochs):
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():          # update by hand instead of torch.optim.SGD
            w -= learning_rate * w.grad
            b -= learning_rate * b.grad
        w.grad = None
        b.grad = None
    return w.detach(), b.detach(), losses
