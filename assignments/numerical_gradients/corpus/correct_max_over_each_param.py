# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    # the largest error of each parameter, then the largest of those
    return max((numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)).abs().max().item()
               for i in range(len(params)))
