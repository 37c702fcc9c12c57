# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    n = x.shape[0]
    residual = x @ w + b - y
    return (2 / n) * x.T @ residual, (2 / n) * residual.sum().reshape(1
