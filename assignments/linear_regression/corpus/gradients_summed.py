# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    residual = x @ w + b - y
    grad_w = 2 * x.T @ residual          # forgot to divide by N
    grad_b = 2 * residual.sum().reshape(1)
    return grad_w, grad_b
