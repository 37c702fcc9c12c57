# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w = w.detach().requires_grad_()      # a new leaf sharing the data; the caller's w is untouched
    b = b.detach().requires_grad_()
    loss = torch.nn.functional.mse_loss(x @ w + b, y)
    loss.backward()
    return w.grad, b.grad, float(loss)

# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    X = torch.column_stack((torch.ones_like(x), x, x * x))
    coef = torch.linalg.solve(X.T @ X, X.T @ y)
    loss = torch.mean((X @ coef - y) ** 2)
    a, b, c = coef.tolist()
    return a, b, c, loss.item()

# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    init = torch.randn(3)
    a, b, c = (v.to(device=x.device, dtype=x.dtype) for v in init)
    N = x.shape[0]
    for _ in range(num_iterations):
        r = a + b * x + c * x ** 2 - y
        loss = (r ** 2).sum() / N
        a = a - learning_rate * 2 * r.sum() / N
        b = b - learning_rate * 2 * (r * x).sum() / N
        c = c - learning_rate * 2 * (r * x ** 2).sum() / N
    return float(a), float(b), float(c), float(loss)

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    a, b, c = [torch.randn(()).to(x).requires_grad_() for _ in range(3)]
    for _ in range(num_iterations):
        loss = ((a + b * x + c * x ** 2 - y) ** 2).sum() / len(x)
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c):
                p -= learning_rate * p.grad
                p.grad.zero_()
    return a.item(), b.item(), c.item(), loss.item()

# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(float(a0)).requires_grad_()
    b = torch.tensor(float(b0)).requires_grad_()
    rows = []
    for _ in range(steps):
        a_val, b_val = a.item(), b.item()
        loss = (a * x + b - y) ** 2
        loss.backward()
        rows.append((loss.item(), a_val, b_val, a.grad.item(), b.grad.item()))
        with torch.no_grad():
            a.sub_(learning_rate * a.grad)
            b.sub_(learning_rate * b.grad)
        if clear_grad:
            a.grad.zero_()
            b.grad.zero_()
    return rows

# %% himmelblau
def himmelblau(u, v):
    first = u ** 2 + v - 11
    second = u + v ** 2 - 7
    return first ** 2 + second ** 2

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    u = torch.tensor(float(u0), requires_grad=True)
    v = torch.tensor(float(v0), requires_grad=True)
    optimizer = torch.optim.SGD([u, v], lr=learning_rate)
    loss_history, trajectory = [], []
    for step in range(num_steps):
        optimizer.zero_grad()
        loss = himmelblau(u, v)
        loss_history.append(loss.item())
        trajectory.append((u.item(), v.item()))
        if loss_tol is not None and step > 0:
            if abs(loss_history[step] - loss_history[step - 1]) < loss_tol:
                break
        loss.backward()
        optimizer.step()
    return u.item(), v.item(), loss_history, trajectory
