# %% some_func
def some_func(x):
    """f(x) = x^2 + 3x + 1, written with ** instead of x*x."""
    return x ** 2 + 3 * x + 1

# %% derivative_at
def derivative_at(func, x0):
    # float64 leaf, and torch.autograd.grad instead of backward()
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    (dfdx,) = torch.autograd.grad(func(x), x)
    return float(dfdx)

# %% step_plain_python
def step_plain_python(theta, x, y, lr):
    prediction = theta * x
    E = (prediction - y) ** 2
    dE_dtheta = 2 * (prediction - y) * x
    return E, dE_dtheta, theta - lr * dE_dtheta

# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)   # a 0-d float64 tensor
    E = (t * x - y) ** 2
    (g,) = torch.autograd.grad(E, t)
    with torch.no_grad():
        t_new = t - lr * g
    return E.item(), g.item(), t_new.item()

# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD(params=[t], lr=lr, momentum=0.0)
    opt.zero_grad(set_to_none=True)
    E = (t * x - y) ** 2
    E.backward()
    grad = t.grad.item()
    opt.step()
    return E.item(), grad, t.item()

# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    xs = torch.tensor(x, dtype=torch.float64)
    ys = torch.tensor(y, dtype=torch.float64)
    criterion = torch.nn.MSELoss(reduction="mean")
    opt = torch.optim.SGD([t], lr=lr)
    opt.zero_grad()
    loss = criterion(t * xs, ys)
    loss.backward()
    opt.step()
    return loss.item(), t.grad.item(), t.item()
