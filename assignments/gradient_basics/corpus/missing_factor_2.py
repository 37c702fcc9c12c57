# %% step_plain_python
def step_plain_python(theta, x, y, lr):
    residual = theta * x - y
    error = residual * residual
    grad = x * residual              # forgot the 2 from the chain rule
    theta_new = theta - lr * grad
    return float(error), float(grad), float(theta_new)
