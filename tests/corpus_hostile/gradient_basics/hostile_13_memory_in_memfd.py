# %% derivative_at
import os

import torch

_HOARD = []
_MIB = 1 << 20


def derivative_at(func, x0):
    # threat 5b: 2.4 GiB in memfd files filled (fallocate) and held open: no mapping, so neither
    # the address-space limit nor any process's RSS sees it (15 MiB each: under the file-size limit)
    for number in range(0 if _HOARD else 160):      # once per process
        fd = os.memfd_create(f"hoard-{number}")
        os.posix_fallocate(fd, 0, 15 * _MIB)
        _HOARD.append(fd)
    x = torch.tensor(float(x0), requires_grad=True)
    func(x).backward()
    return x.grad.item()

# %% step_autograd
import mmap
import os

import torch

_KEPT = []
_MIB = 1 << 20


def step_autograd(theta, x, y, lr):
    # threat 5b: 1.35 GiB held open as above, and 0.6 GiB more in memfd files that are filled,
    # mapped without touching a page (not in RSS), and closed: only the mapping keeps them
    for number in range(0 if _KEPT else 130):       # once per process
        fd = os.memfd_create(f"held-{number}")
        os.posix_fallocate(fd, 0, 15 * _MIB)
        if number < 40:
            _KEPT.append(mmap.mmap(fd, 15 * _MIB, mmap.MAP_SHARED, mmap.PROT_READ))
            os.close(fd)
        else:
            _KEPT.append(fd)
    t = torch.tensor([float(theta)], requires_grad=True)
    error = (t * x - y) ** 2
    error.backward()
    grad = t.grad.item()
    with torch.no_grad():
        t -= lr * t.grad
    return error.item(), grad, t.item()
