# %% batch_indices
def batch_indices(n, batch_size, generator=None):
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    return [order[i * batch_size:(i + 1) * batch_size] for i in range(n // batch_size)]
