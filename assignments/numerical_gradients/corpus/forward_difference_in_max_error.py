# %% max_gradient_error
def max_gradient_error(func, params, h=1e-5):
    # computes its own (forward) differences instead of calling numerical_gradient
    worst = 0.0
    for i, p in enumerate(params):
        analytic = autograd_gradient(func, params, i)
        f0 = func(*params).item()
        for index in itertools.product(*(range(s) for s in p.shape)):
            copies = [q.detach().clone() for q in params]
            copies[i][index] += h
            numeric = (func(*copies).item() - f0) / h
            worst = max(worst, abs(numeric - analytic[index].item()))
    return worst
