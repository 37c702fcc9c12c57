# %% step_mse_loss
def step_mse_loss(theta, x, y, lr):
    t = torch.tensor([float(theta)], requires_grad=True)
    loss = torch.nn.MSELoss()(t * torch.tensor([float(x)]), torch.tensor([float(y)]))
    loss.backward()
    with torch.no_grad():             # MSELoss used, but the update is made by hand
        t -= lr * t.grad
    return loss.item(), t.grad.item(), t.item()
