# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    w.requires_grad_(True)          # turns on gradient tracking of the caller's tensors
    b.requires_grad_(True)
    loss = torch.square(x @ w + b - y).mean()
    loss.backward()
    return w.grad, b.grad, loss.item()
