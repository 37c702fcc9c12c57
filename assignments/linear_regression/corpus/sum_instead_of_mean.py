# %% mse_loss
def mse_loss(y_pred, y):
    """Mean squared error (written with a sum by mistake)."""
    return ((y_pred - y) ** 2).sum()
