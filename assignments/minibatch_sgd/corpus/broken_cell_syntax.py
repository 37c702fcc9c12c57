# %% compare_batch_sizes
def compare_batch_sizes(x, y, w0, b0, batch_sizes, learning_rate=0.05, num_epochs=20, seed=0):
    return {size: train_minibatch(x, y, w0, b0, learning_rate, num_epochs, size, seed)[2][-1] for size in batch_sizes
