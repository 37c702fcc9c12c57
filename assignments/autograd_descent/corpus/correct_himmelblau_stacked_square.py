# %% himmelblau
def himmelblau(u, v):
    # both residuals stacked, squared and summed over the new leading dimension
    if not isinstance(u, torch.Tensor):
        return (u ** 2 + v - 11) ** 2 + (u + v ** 2 - 7) ** 2
    residuals = torch.stack([u * u + v - 11, u + v * v - 7])
    return torch.square(residuals).sum(dim=0)
