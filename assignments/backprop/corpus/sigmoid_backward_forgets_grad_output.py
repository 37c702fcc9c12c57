# %% Sigmoid
class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        e = torch.exp(-z.abs())
        s = torch.where(z >= 0, 1 / (1 + e), e / (1 + e))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s, = ctx.saved_tensors
        return s * (1 - s)                   # the local derivative only
