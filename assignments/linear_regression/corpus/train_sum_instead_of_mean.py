# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone()
    b = b0.detach().clone()
    losses = []
    for _ in range(num_epochs):
        r = x @ w + b - y
        losses.append((r ** 2).sum().item())
        w = w - learning_rate * 2 * (x.T @ r)
        b = b - learning_rate * 2 * r.sum().reshape(1)
    return w, b, losses
