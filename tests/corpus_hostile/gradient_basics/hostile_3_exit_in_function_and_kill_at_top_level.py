# %% step_autograd
import os


def step_autograd(theta, x, y, lr):
    os._exit(3)          # threat 3: leave without a word, inside a graded function

# %% new
# threat 3 at the top level: the process kills itself with SIGKILL while the notebook runs
import os
import signal

os.kill(os.getpid(), signal.SIGKILL)
