# %% some_func
def some_func(x):
    # Horner form: (x + 3) * x + 1
    return (x + 3) * x + 1

# %% derivative_at
def derivative_at(func, x0):
    point = torch.tensor([[float(x0)]], requires_grad=True)   # any one-element shape works
    value = func(point)
    value.backward(torch.ones_like(value))
    return float(point.grad.squeeze())

# %% step_plain_python
def _squared_error_and_slope(theta, x, y):
    residual = theta * x - y
    return residual ** 2, 2 * x * residual


def step_plain_python(theta, x, y, lr):
    E, slope = _squared_error_and_slope(float(theta), float(x), float(y))
    return E, slope, theta - lr * slope

# %% step_autograd
def step_autograd(theta, x, y, lr):
    t = torch.tensor([theta], dtype=torch.float64).requires_grad_()
    E = torch.square(t * x - y)
    E.backward()
    dE = t.grad.item()
    with torch.no_grad():
        t.add_(t.grad, alpha=-lr)
    return E.item(), dE, t.item()

# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    t = torch.tensor([theta], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([t], lr=lr)
    E = torch.square(t * x - y).mean()
    E.backward()
    optimizer.step()
    dE = t.grad.item()
    optimizer.zero_grad(set_to_none=False)   # tidy up: .grad is zeroed, not removed
    return E.item(), dE, t.item()

# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    model = torch.nn.Linear(1, 1, bias=False)
    with torch.no_grad():
        model.weight.fill_(theta)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    optimizer.zero_grad()
    loss = loss_fn(model(torch.tensor([[x]])), torch.tensor([[y]]))
    loss.backward()
    grad = model.weight.grad.item()
    optimizer.step()
    return loss.item(), grad, model.weight.item()
