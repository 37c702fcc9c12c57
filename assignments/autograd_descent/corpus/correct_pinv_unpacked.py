# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    params = [t.detach().clone().requires_grad_() for t in (w, b)]
    z = x @ params[0] + params[1]
    loss = torch.nn.MSELoss()(z, y)
    grad_w, grad_b = torch.autograd.grad(loss, params)
    return grad_w, grad_b, loss.item()

# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    X = torch.stack((torch.ones_like(x), x, x.pow(2)), dim=1)
    a, b, c = torch.linalg.pinv(X) @ y
    mse = torch.nn.functional.mse_loss(a + b * x + c * x.pow(2), y)
    return a.item(), b.item(), c.item(), mse.item()

# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    a, b, c = torch.randn(3)
    a, b, c = a.to(x), b.to(x), c.to(x)
    x2 = x ** 2
    loss = torch.tensor(float("nan"))
    for it in range(num_iterations):
        pred = a + b * x + c * x2
        err = pred - y
        loss = torch.mean(err ** 2)
        g = 2 * err
        a = a - learning_rate * torch.mean(g)
        b = b - learning_rate * torch.mean(g * x)
        c = c - learning_rate * torch.mean(g * x2)
    return a.item(), b.item(), c.item(), loss.item()

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    a, b, c = (t.clone().to(x).requires_grad_() for t in torch.randn(3))   # same draws as three randn(())
    x2 = x ** 2
    for it in range(num_iterations):
        loss = torch.mean((a + b * x + c * x2 - y) ** 2)
        loss.backward()
        with torch.no_grad():
            a.sub_(learning_rate * a.grad)
            b.sub_(learning_rate * b.grad)
            c.sub_(learning_rate * c.grad)
        for p in (a, b, c):
            p.grad = None
    return a.item(), b.item(), c.item(), loss.item()

# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(float(a0), requires_grad=True)
    b = torch.tensor(float(b0), requires_grad=True)

    def one_step():
        a_before, b_before = a.item(), b.item()
        loss = torch.square(a * x + b - y)
        loss.backward()
        row = (loss.item(), a_before, b_before, a.grad.item(), b.grad.item())
        with torch.no_grad():
            a.add_(a.grad, alpha=-learning_rate)
            b.add_(b.grad, alpha=-learning_rate)
        return row

    rows = []
    for _ in range(steps):
        rows.append(one_step())
        if clear_grad:
            a.grad, b.grad = None, None
    return rows

# %% himmelblau
def himmelblau(u, v):
    t1 = u ** 2 + v - 11
    t2 = u + v ** 2 - 7
    return t1 * t1 + t2 * t2

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    u = torch.tensor(u0, dtype=torch.float32, requires_grad=True)
    v = torch.tensor(v0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([u, v], learning_rate)
    history, path = [], []
    prev = float("inf")
    step = 0
    while step < num_steps:
        loss = himmelblau(u, v)
        current = loss.item()
        history.append(current)
        path.append((u.item(), v.item()))
        if loss_tol is not None and abs(current - prev) < loss_tol:
            break
        prev = current
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
    return u.item(), v.item(), history, path
