# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    n = x.shape[0]
    residual = x @ w + b - y
    grad_w = (x.T @ residual) / n
    grad_b = residual.mean().reshape(1)
    return grad_w, grad_b
