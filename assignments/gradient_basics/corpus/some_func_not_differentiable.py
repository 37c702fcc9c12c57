# %% some_func
def some_func(x):
    # element by element with Python floats: right values, but the graph is lost
    values = [v.item() ** 2 + 3 * v.item() + 1 for v in x.flatten()]
    return torch.tensor(values, dtype=x.dtype).reshape(x.shape)
