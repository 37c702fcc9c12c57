# %% mlp_backward
import numpy as np

def mlp_backward(x, y, W1, b1, W2, b2):
    # The backward pass in NumPy (float64), converted back to the parameters' dtype and device.
    xs, ys, a, c, b, d = (t.detach().cpu().double().numpy() for t in (x, y, W1, b1, W2, b2))
    z = xs @ a + c
    h = np.maximum(z, 0)
    out = h @ b + d
    g_out = 2 * (out - ys) / out.size
    g_z = (g_out @ b.T) * (z > 0)
    grads = (xs.T @ g_z, g_z.sum(axis=0), h.T @ g_out, g_out.sum(axis=0))
    return tuple(torch.from_numpy(g).to(dtype=p.dtype, device=p.device) for g, p in zip(grads, (W1, b1, W2, b2)))
