# %% step_autograd
import os


def step_autograd(theta, x, y, lr):
    os._exit(0)                                  # threat 3: exit inside a graded function

# %% step_optimizer
import os
import signal


def step_optimizer(theta, x, y, lr):
    os.kill(os.getpid(), signal.SIGKILL)         # threat 3: kill itself inside another graded function
