# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone().requires_grad_(True)
    b = b0.detach().clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        loss = mse_loss(x @ w + b, y)
        losses.append(loss.item())
        loss.backward()
        optimizer.zero_grad()      # clears the gradients backward() just computed
        optimizer.step()
    return w.detach(), b.detach(), losses
