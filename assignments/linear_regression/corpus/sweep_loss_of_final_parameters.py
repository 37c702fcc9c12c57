# %% learning_rate_sweep
def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    results = {}
    for lr in learning_rates:
        w, b, _ = train_linear_regression(x, y, w0, b0, learning_rate=lr, num_epochs=num_epochs)
        results[lr] = mse_loss(x @ w + b, y).item()     # the loss after the last update, not losses[-1]
    return results
