# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    differences = [(numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)).flatten()
                   for i in range(len(params))]
    return torch.cat(differences).max().item()    # largest signed difference, no abs()
