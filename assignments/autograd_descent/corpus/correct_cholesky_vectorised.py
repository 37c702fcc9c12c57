# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w_copy = w.detach().clone()
    b_copy = b.detach().clone()
    w_copy.requires_grad = True
    b_copy.requires_grad = True
    residual = x @ w_copy + b_copy - y
    loss = (residual * residual).sum() / residual.numel()
    loss.backward()
    return w_copy.grad.clone(), b_copy.grad.clone(), loss.item()

# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    X = torch.ones(len(x), 3, dtype=x.dtype, device=x.device)
    X[:, 1] = x
    X[:, 2] = x ** 2
    L = torch.linalg.cholesky(X.T @ X)                      # X^T X is symmetric positive definite
    coef = torch.cholesky_solve((X.T @ y).unsqueeze(1), L).squeeze(1)
    residual = X @ coef - y
    return coef[0].item(), coef[1].item(), coef[2].item(), residual.pow(2).mean().item()

# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    theta = torch.randn(3).to(x.device).to(x.dtype)
    features = torch.stack([torch.ones_like(x), x, x * x], dim=1)
    loss = torch.tensor(float("nan"))
    for _ in range(num_iterations):
        r = features @ theta - y
        loss = r.square().mean()
        theta -= learning_rate * (2 * r[:, None] * features).mean(dim=0)
    return theta[0].item(), theta[1].item(), theta[2].item(), loss.item()

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    names = ("a", "b", "c")
    params = {name: torch.randn(()).to(x).requires_grad_(True) for name in names}   # drawn in order a, b, c
    optimizer = torch.optim.SGD(params.values(), learning_rate)
    for _ in range(num_iterations):
        optimizer.zero_grad(set_to_none=False)
        prediction = params["a"] + params["b"] * x + params["c"] * x ** 2
        loss = torch.mean((prediction - y) ** 2)
        loss.backward()
        optimizer.step()
    return params["a"].item(), params["b"].item(), params["c"].item(), loss.item()

# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(float(a0)).requires_grad_()
    b = torch.tensor(float(b0), requires_grad=True)
    table = []
    for step in range(1, steps + 1):
        loss = (a * x + b - y) ** 2
        row = [loss.item(), a.item(), b.item()]
        loss.backward()
        row += [a.grad.item(), b.grad.item()]
        table.append(tuple(row))
        a.data -= learning_rate * a.grad          # old-style update through .data
        b.data -= learning_rate * b.grad
        if clear_grad:
            a.grad = None
            b.grad = None
    return table

# %% himmelblau
def himmelblau(u, v):
    return (u ** 2 + v - 11) ** 2 + (u + v ** 2 - 7) ** 2

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    point = [torch.tensor(float(u0), requires_grad=True), torch.tensor(float(v0), requires_grad=True)]
    optimizer = torch.optim.SGD(point, lr=learning_rate)
    loss_history, trajectory = [], []
    for step in range(num_steps):
        loss = himmelblau(*point)
        loss_history.append(loss.item())
        trajectory.append(tuple(p.item() for p in point))
        if loss_tol is not None and step >= 1 and abs(loss_history[-2] - loss_history[-1]) < loss_tol:
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    u, v = (p.item() for p in point)
    return u, v, loss_history, trajectory
