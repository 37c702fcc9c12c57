# %% learning_rate_sweep
def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    results = {}
    for lr in learning_rates:
        _, _, losses = train_linear_regression(x, y, w0, b0, num_epochs=num_epochs)   # lr never passed on
        results[lr] = losses[-1]
    return results
