# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w, b = w0.detach().clone(), b0.detach().clone()
    losses = []
    for _ in range(num_epochs):
        r = x @ w + b - y
        losses.append((r ** 2).mean().item())
        w = w - learning_rate * (x.T @ r) / len(y)        # gradient written without the 2
        b = b - learning_rate * r.mean().reshape(1)
    return w, b, losses
