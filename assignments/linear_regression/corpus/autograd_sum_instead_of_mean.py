# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        loss = ((x @ w + b - y) ** 2).sum()
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return w.detach(), b.detach(), losses
