# %% himmelblau
def himmelblau(u, v):
    # the second term goes through .detach(): right values, but its part of the gradient is lost
    second = u + v ** 2 - 7
    if isinstance(second, torch.Tensor):
        second = second.detach()
    return (u ** 2 + v - 11) ** 2 + second ** 2
