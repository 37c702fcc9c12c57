# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    a = torch.randn(()).to(x.device, x.dtype).requires_grad_(True)
    b = torch.randn(()).to(x.device, x.dtype).requires_grad_(True)
    c = torch.randn(()).to(x.device, x.dtype).requires_grad_(True)
    for _ in range(num_iterations):
        loss = ((a + b * x + c * x ** 2 - y) ** 2).mean()
        loss.backward()
        a -= learning_rate * a.grad          # no torch.no_grad(): autograd refuses the in-place update
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        a.grad = None
        b.grad = None
        c.grad = None
    return a.item(), b.item(), c.item(), loss.item()
