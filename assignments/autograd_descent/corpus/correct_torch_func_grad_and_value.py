# %% linear_layer_gradients
def linear_layer_gradients(x, y, w, b):
    # torch.func: the gradients with respect to both parameters and the loss in one call
    def loss_of(w_, b_):
        return ((x @ w_ + b_ - y) ** 2).mean()

    (grad_w, grad_b), loss = torch.func.grad_and_value(loss_of, argnums=(0, 1))(w.detach(), b.detach())
    return grad_w, grad_b, loss.item()
