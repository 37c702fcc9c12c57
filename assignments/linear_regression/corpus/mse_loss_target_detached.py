# %% mse_loss
def mse_loss(y_pred, y):
    # the target is treated as a constant: right values and right gradient for y_pred, none for y
    return ((y_pred - y.detach()) ** 2).mean()
