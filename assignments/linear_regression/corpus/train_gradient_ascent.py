# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone()
    b = b0.detach().clone()
    losses = []
    for _ in range(num_epochs):
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        grad_w, grad_b = linear_regression_gradients(x, y, w, b)
        w = w + learning_rate * grad_w
        b = b + learning_rate * grad_b
    return w, b, losses
