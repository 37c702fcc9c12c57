# %% himmelblau
def himmelblau(u, v):
    return (u ** 2 + v - 11) ** 2 + (u + v ** 2 - 7) ** 2)
