# %% some_func
def some_func(x):
    result = (x * x) + (3 * x) + 1
    return result

# %% derivative_at
def derivative_at(func, x0):
    # the seed's demo: a one-element tensor [x0]
    x = torch.tensor([x0], dtype=torch.float32, requires_grad=True)
    y = func(x)
    y.backward()
    return x.grad[0].item()

# %% step_plain_python
def step_plain_python(theta, x, y, lr):
    fx_y = theta * x - y
    E = fx_y * fx_y
    theta_grad = 2 * x * fx_y
    theta -= lr * theta_grad
    return [float(E), float(theta_grad), float(theta)]

# %% step_autograd
def step_autograd(theta, x, y, lr):
    θ = torch.tensor([theta], requires_grad=True)   # initial gradient = None
    fx_y = θ * x - y
    E = fx_y * fx_y
    E.backward()
    with torch.no_grad():
        θ -= lr * θ.grad
    return [E.item(), θ.grad.item(), θ.item()]

# %% step_optimizer
def step_optimizer(theta, x, y, lr):
    θ = torch.tensor([theta], requires_grad=True)
    optimizer = torch.optim.SGD([θ], lr)
    fx_y = θ * x - y
    E = fx_y * fx_y
    optimizer.zero_grad()
    E.backward()
    optimizer.step()
    return [E.item(), θ.grad.item(), θ.item()]

# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    x = torch.tensor([x])
    y = torch.tensor([y])
    θ = torch.tensor([theta], requires_grad=True)
    optimizer = torch.optim.SGD([θ], lr)
    loss = torch.nn.MSELoss()(θ * x, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return [loss.item(), θ.grad.item(), θ.item()]
