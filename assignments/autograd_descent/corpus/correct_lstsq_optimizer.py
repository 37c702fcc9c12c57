# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w_leaf = w.clone().detach().requires_grad_(True)
    b_leaf = b.clone().detach().requires_grad_(True)
    loss = torch.mean((torch.matmul(x, w_leaf) + b_leaf - y) ** 2)
    loss.backward()
    return w_leaf.grad.detach(), b_leaf.grad.detach(), loss.detach().item()

# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    design = torch.stack([x ** 0, x, x ** 2], dim=-1)
    coef = torch.linalg.lstsq(design, y.unsqueeze(-1)).solution.squeeze(-1)
    a, b, c = coef
    loss = ((a + b * x + c * x ** 2 - y) ** 2).mean()
    return a.item(), b.item(), c.item(), loss.item()

# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    theta = torch.randn(3).to(device=x.device, dtype=x.dtype)      # (a, b, c)
    X = torch.stack([torch.ones_like(x), x, x ** 2], dim=1)         # design matrix (N, 3)
    n = len(x)
    loss = None
    for _ in range(num_iterations):
        residual = X @ theta - y
        loss = (residual ** 2).mean()
        theta = theta - learning_rate * (2.0 / n) * (X.T @ residual)
    a, b, c = theta.tolist()
    return a, b, c, loss.item()

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    params = []
    for _ in range(3):
        params.append(torch.randn(()).to(x.device, x.dtype).requires_grad_(True))
    a, b, c = params
    optimizer = torch.optim.SGD(params, lr=learning_rate)
    for _ in range(num_iterations):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(a + b * x + c * x ** 2, y)
        loss.backward()
        optimizer.step()
    return a.item(), b.item(), c.item(), loss.item()

# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(float(a0), requires_grad=True)
    b = torch.tensor(float(b0), requires_grad=True)
    optimizer = torch.optim.SGD([a, b], lr=learning_rate)
    out = []
    for _ in range(steps):
        if clear_grad:
            optimizer.zero_grad()
        loss = (a * x + b - y) ** 2
        loss.backward()
        out.append(tuple(float(t) for t in (loss, a, b, a.grad, b.grad)))
        optimizer.step()
    return out

# %% himmelblau
def himmelblau(u, v):
    return (u**2 + v - 11)**2 + (u + v**2 - 7)**2

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    u = torch.tensor(float(u0)).requires_grad_()
    v = torch.tensor(float(v0)).requires_grad_()
    losses, points = [], []
    for _ in range(num_steps):
        loss = himmelblau(u, v)
        losses.append(loss.item())
        points.append((u.item(), v.item()))
        converged = len(losses) >= 2 and abs(losses[-1] - losses[-2]) < loss_tol if loss_tol else False
        if converged:
            break
        loss.backward()
        with torch.no_grad():
            u.sub_(learning_rate * u.grad)
            v.sub_(learning_rate * v.grad)
        u.grad.zero_()
        v.grad.zero_()
    return float(u), float(v), losses, points
