# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w_ = w.clone().requires_grad_(True)     # when w requires grad, w_ is a non-leaf and backward() fills w.grad
    b_ = b.clone().requires_grad_(True)
    loss = ((x @ w_ + b_ - y) ** 2).mean()
    loss.backward()
    return w_.grad, b_.grad, loss.item()
