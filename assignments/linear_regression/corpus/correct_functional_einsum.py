# %% mse_loss
import torch.nn.functional as F

def mse_loss(y_pred, y):
    """Mean squared error, with PyTorch's functional API."""
    return F.mse_loss(y_pred, y)

# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    """dL/dw = 2/N sum_i r_i x_ij, dL/db = 2/N sum_i r_i, written with einsum."""
    N = len(y)
    r = torch.einsum("nd,d->n", x, w) + b - y
    grad_w = 2 * torch.einsum("nd,n->d", x, r) / N
    grad_b = 2 * torch.einsum("n->", r).unsqueeze(0) / N
    return grad_w, grad_b

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w, b = w0.detach().clone(), b0.detach().clone()
    losses = []
    for epoch in range(num_epochs):
        y_pred = x @ w + b
        losses.append(mse_loss(y_pred, y).item())
        grad_w, grad_b = linear_regression_gradients(x, y, w, b)
        w -= learning_rate * grad_w      # in place, but on my own copy
        b -= learning_rate * grad_b
    return w, b, losses

# %% train_linear_regression_autograd
def train_linear_regression_autograd(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    w = w0.detach().clone()
    b = b0.detach().clone()
    w.requires_grad = True
    b.requires_grad = True
    opt = torch.optim.SGD(params=[w, b], lr=learning_rate)
    losses = []
    for epoch in range(num_epochs):
        opt.zero_grad(set_to_none=False)
        loss = mse_loss(x @ w + b, y)
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return w.detach(), b.detach(), losses

# %% learning_rate_sweep
def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    return {lr: train_linear_regression(x, y, w0, b0, lr, num_epochs)[2][-1] for lr in learning_rates}
