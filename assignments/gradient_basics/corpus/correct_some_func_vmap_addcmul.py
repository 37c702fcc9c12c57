# %% some_func
def some_func(x):
    # torch.func.vmap over the flattened elements, each x² + 3x + 1 by addcmul: differentiable all the way
    def one(t):
        return torch.addcmul(3 * t + 1, t, t)

    return torch.func.vmap(one)(x.reshape(-1)).reshape(x.shape)
