# %% compare_batch_sizes
def compare_batch_sizes(x, y, w0, b0, batch_sizes, learning_rate=0.05, num_epochs=20, seed=0):
    results = {}
    w, b = w0, b0
    for batch_size in batch_sizes:
        w, b, epoch_losses = train_minibatch(x, y, w, b, learning_rate=learning_rate, num_epochs=num_epochs,
                                             batch_size=batch_size, seed=seed)   # continues from the last run
        results[batch_size] = epoch_losses[-1]
    return results
