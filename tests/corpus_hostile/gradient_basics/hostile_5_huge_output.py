# %% step_mse_loss
import os
import sys

_MEGABYTE = "x" * (1 << 20)


def step_mse_loss(theta, x, y, lr):
    # threat 5: 300 MB through print, 100 MB more straight to fds 1 and 2
    for _ in range(300):
        print(_MEGABYTE)
    for _ in range(50):
        for fd in (1, 2):
            os.write(fd, _MEGABYTE.encode())
    sys.stderr.write(_MEGABYTE * 20)
    return 0.0, 0.0, 0.0                  # wrong

# %% new
# and 200 MB more while the notebook runs
for _ in range(200):
    print("y" * (1 << 20))
