# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    # seed 001's bug: the parameters are plain tensors that do not require grad
    w = w0.detach().clone().requires_grad_(False)
    b = b0.detach().clone().requires_grad_(False)
    optimizer = torch.optim.SGD([w, b], lr=learning_rate)
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        y_pred = x @ w + b
        loss = ((y_pred - y) ** 2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return w.detach(), b.detach(), losses
