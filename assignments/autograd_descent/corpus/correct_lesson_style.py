# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w_ = w.detach().clone().requires_grad_(True)
    b_ = b.detach().clone().requires_grad_(True)
    z = torch.matmul(x, w_) + b_
    loss = torch.square(z - y).mean()
    grad_w, grad_b = torch.autograd.grad(loss, (w_, b_))
    return grad_w, grad_b, loss.item()

# %% regression_polynomial_second_order
def regression_polynomial_second_order(x, y):
    # Construct design matrix: each row is [1, x_n, x_n^2]
    X_design = torch.vstack([torch.ones_like(x), x, x**2]).T
    # Solve normal equations: coef = (X^T X)^(-1) X^T y
    coef = torch.linalg.inv(X_design.T @ X_design) @ X_design.T @ y
    a, b, c = coef
    y_pred = a + b * x + c * x**2
    loss = torch.mean((y_pred - y) ** 2)
    return a.item(), b.item(), c.item(), loss.item()

# %% polynomial_gradient_descent_manual
def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(0)
    a, b, c = torch.randn(3).to(x)       # drawn on the CPU, then x's device and dtype
    for k in range(1, num_iterations + 1):
        y_pred = a + b * x + c * x**2
        loss = torch.square(y_pred - y).mean()
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.mean()
        grad_b = (grad_y_pred * x).mean()
        grad_c = (grad_y_pred * x**2).mean()
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
    return a.item(), b.item(), c.item(), loss.item()

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    torch.manual_seed(1)
    a = torch.randn(()).to(x.device, x.dtype).requires_grad_()
    b = torch.randn(()).to(x.device, x.dtype).requires_grad_()
    c = torch.randn(()).to(x.device, x.dtype).requires_grad_()
    for k in range(1, num_iterations + 1):
        y_pred = a + b * x + c * x ** 2
        loss = (y_pred - y).pow(2).mean()
        loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            a.grad = None
            b.grad = None
            c.grad = None
    return a.item(), b.item(), c.item(), loss.item()

# %% gradient_accumulation_demo
def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    a = torch.tensor(a0, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float32, requires_grad=True)
    history = []
    for step in range(steps):
        loss = (a * x + b - y) ** 2
        loss.backward()
        history.append((loss.item(), a.item(), b.item(), a.grad.item(), b.grad.item()))
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
        if clear_grad:
            a.grad = None
            b.grad = None
    return history

# %% himmelblau
def himmelblau(u, v):
    return (u * u + v - 11) ** 2 + (u + v * v - 7) ** 2

# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    u = torch.tensor(float(u0), requires_grad=True)
    v = torch.tensor(float(v0), requires_grad=True)
    loss_history = []
    trajectory = []
    prev_loss = None
    for step in range(num_steps):
        loss = himmelblau(u, v)
        loss_history.append(loss.item())
        trajectory.append((u.item(), v.item()))
        if loss_tol is not None and prev_loss is not None and abs(loss.item() - prev_loss) < loss_tol:
            break
        prev_loss = loss.item()
        loss.backward()
        with torch.no_grad():
            u -= learning_rate * u.grad
            v -= learning_rate * v.grad
            u.grad = None
            v.grad = None
    return u.item(), v.item(), loss_history, trajectory
