# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    inputs = torch.tensor([float(x)])
    target = torch.tensor([float(y)])
    optimizer = torch.optim.SGD([t], lr=lr)
    optimizer.zero_grad()
    loss = ((t * inputs - target) ** 2).mean()    # hand-written mean squared error
    loss.backward()
    optimizer.step()
    return loss.item(), t.grad.item(), t.item()
