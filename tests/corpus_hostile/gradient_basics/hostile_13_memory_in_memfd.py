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
import ctypes
import os

import torch

_KEPT = []
_MIB = 1 << 20
_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
_PROT_READ, _MAP_SHARED = 1, 1


def step_autograd(theta, x, y, lr):
    # threat 5b: 0.66 GiB in memfd files that are filled, mapped without touching a page (not in
    # RSS) and closed (a raw mmap keeps no descriptor): only the mapping keeps them; 1.2 GiB more
    # held open as above
    for number in range(0 if _KEPT else 125):       # once per process
        fd = os.memfd_create(f"held-{number}")
        os.posix_fallocate(fd, 0, 15 * _MIB)
        if number < 45:
            _KEPT.append(_libc.mmap(None, 15 * _MIB, _PROT_READ, _MAP_SHARED, fd, 0))
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
