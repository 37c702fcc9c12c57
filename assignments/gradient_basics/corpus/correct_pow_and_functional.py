# %% some_func
def some_func(x):
    return x.pow(2) + x.mul(3) + 1

# %% derivative_at
def derivative_at(func, x0):
    x = torch.tensor(x0, requires_grad=True)
    x.grad = None
    out = func(x)
    out.sum().backward()          # .sum() makes it scalar whatever func returns
    slope = x.grad.detach().clone()
    return slope.item()

# %% step_plain_python
def step_plain_python(theta, x, y, lr):
    r = theta * x - y
    grad = 2.0 * r * x
    new_theta = theta + (-lr) * grad
    return (r ** 2, grad, new_theta)

# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.full((1,), theta, requires_grad=True)
    err = (t * x - y).pow(2).sum()
    err.backward()
    grad = t.grad.clone()
    with torch.no_grad():
        t.sub_(lr * grad)
    t.grad = None
    return (err.item(), grad.item(), t.item())

# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.nn.Parameter(torch.tensor([theta]))
    sgd = torch.optim.SGD([t], lr=lr)
    sgd.zero_grad()
    err = (t * x - y).pow(2).sum()
    err.backward()
    sgd.step()
    return (err.item(), t.grad.item(), t.detach().item())

# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    t = torch.nn.Parameter(torch.tensor([theta]))
    inputs = torch.as_tensor([x], dtype=torch.float32)
    targets = torch.as_tensor([y], dtype=torch.float32)
    sgd = torch.optim.SGD([t], lr=lr)
    mse = torch.nn.MSELoss()
    sgd.zero_grad()
    loss = mse(inputs * t, targets)
    loss.backward()
    sgd.step()
    return (loss.item(), t.grad.item(), t.detach().item())
