# %% Sigmoid
class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        s = torch.exp(z) / (1 + torch.exp(z))   # inf / inf = nan for large z
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s, = ctx.saved_tensors
        return grad_output * s * (1 - s)
