# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0          # not a copy: the in-place updates below change the caller's tensors
    b = b0
    losses = []
    for _ in range(num_epochs):
        losses.append(mse_loss(x @ w + b, y).item())
        grad_w, grad_b = linear_regression_gradients(x, y, w, b)
        w -= learning_rate * grad_w
        b -= learning_rate * grad_b
    return w, b, losses
