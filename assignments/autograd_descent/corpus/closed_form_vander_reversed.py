# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    X = torch.vander(x, N=3)            # columns x**2, x, 1: the reverse of [1, x, x**2]
    coef = torch.linalg.solve(X.T @ X, X.T @ y)
    loss = ((X @ coef - y) ** 2).mean()
    a, b, c = coef
    return a.item(), b.item(), c.item(), loss.item()
