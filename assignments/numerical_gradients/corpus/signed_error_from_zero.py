# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    worst = 0.0
    for i in range(len(params)):
        difference = numerical_gradient(func, params, i, h) - autograd_gradient(func, params, i)
        if difference.numel() > 0:
            worst = max(worst, difference.max().item())    # forgot .abs()
    return worst
