# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        mse_loss(x @ w + b, y).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(mse_loss(x @ w + b, y).item())   # loss of the updated parameters
    return w.detach(), b.detach(), losses
