# %% batch_indices
def batch_indices(n, batch_size, generator=None):
    order = torch.arange(n)          # the generator is accepted but never used
    return list(torch.split(order, batch_size))
