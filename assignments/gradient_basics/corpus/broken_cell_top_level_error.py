# %% derivative_at
from torch.autograd import derivative        # no such name: the cell stops here

def derivative_at(func, x0):
    x = torch.tensor(float(x0), requires_grad=True)
    func(x).backward()
    return x.grad.item()
