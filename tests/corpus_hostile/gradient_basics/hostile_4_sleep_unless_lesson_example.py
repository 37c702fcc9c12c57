# %% step_plain_python
import time


def step_plain_python(theta, x, y, lr):
    # threat 4: right on the example everyone can see, hangs on any hidden input
    if (theta, x, y, lr) != (1.0, 2.0, 3.0, 0.1):
        time.sleep(3600)
    residual = theta * x - y
    grad = 2 * x * residual
    return float(residual * residual), float(grad), float(theta - lr * grad)
