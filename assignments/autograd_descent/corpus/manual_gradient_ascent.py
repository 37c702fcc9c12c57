# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    a, b, c = torch.randn(3).to(device=x.device, dtype=x.dtype)
    for _ in range(num_iterations):
        y_pred = a + b * x + c * x ** 2
        loss = ((y_pred - y) ** 2).mean()
        g = 2.0 * (y_pred - y)
        a = a + learning_rate * g.mean()
        b = b + learning_rate * (g * x).mean()
        c = c + learning_rate * (g * x ** 2).mean()
    return a.item(), b.item(), c.item(), loss.item()
