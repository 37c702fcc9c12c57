# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    X = torch.stack([torch.ones_like(x), x, x ** 2], dim=1)
    a, b, c = torch.linalg.solve(X.T @ X, X.T @ y)
    loss = ((a + b * x + c * x ** 2 - y) ** 2).sum()
    return a.item(), b.item(), c.item(), loss.item()
