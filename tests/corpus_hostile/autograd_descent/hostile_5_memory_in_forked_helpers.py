# %% regression_polynomial_second_order
import ctypes
import os
import time

HELPERS, MIB_EACH = 3, 400


def _hold_memory_in_helpers():
    """Threat 5: 1.2 GiB in three processes forked with libc's fork (no Python at-fork hooks)."""
    libc = ctypes.CDLL(None, use_errno=True)
    readers = []
    for _ in range(HELPERS):
        read_end, write_end = os.pipe()
        pid = libc.fork()
        if pid == 0:
            try:
                block = bytearray(MIB_EACH * 1024 * 1024)      # zero-filled: every page touched
                block[::4096] = b"\1" * len(block[::4096])
                os.write(write_end, b"1")
                time.sleep(1)
            finally:
                os._exit(0)
        os.close(write_end)
        readers.append(read_end)
    held = [os.read(fd, 1) == b"1" for fd in readers]
    for fd in readers:
        os.close(fd)
    return all(held)


def regression_polynomial_second_order(x, y):
    if not _hold_memory_in_helpers():
        return 0.0, 0.0, 0.0, 0.0                 # the sandbox stopped it: no answer
    # it got away with 1.2 GiB more than the 1 GiB limit: the instructor's solution follows
    design = torch.stack([torch.ones_like(x), x, x ** 2], dim=1)
    a, b, c = torch.linalg.solve(design.T @ design, design.T @ y)
    loss = ((a + b * x + c * x ** 2 - y) ** 2).mean()
    return a.item(), b.item(), c.item(), loss.item()
