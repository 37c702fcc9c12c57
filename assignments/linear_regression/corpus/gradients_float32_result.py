# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    n, d = x.shape
    residual = x @ w + b - y
    grad_w = torch.zeros(d, device=x.device)            # float32, whatever x is
    for j in range(d):
        grad_w[j] = 2 * (residual * x[:, j]).sum() / n
    grad_b = torch.zeros(1, device=x.device)
    grad_b[0] = 2 * residual.sum() / n
    return grad_w, grad_b
