# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    a = torch.randn(()).to(x.device, x.dtype)        # requires_grad never switched on
    b = torch.randn(()).to(x.device, x.dtype)
    c = torch.randn(()).to(x.device, x.dtype)
    for _ in range(num_iterations):
        loss = ((a + b * x + c * x ** 2 - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c):
                p -= learning_rate * p.grad
                p.grad = None
    return a.item(), b.item(), c.item(), loss.item()
