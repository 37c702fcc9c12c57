# %% linear_regression_gradients
import sys


def linear_regression_gradients(x, y, w, b):
    sys.exit(0)                                   # threat 3: "the tests pass if nothing fails"

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    raise SystemExit("all checks passed")         # threat 3

# %% learning_rate_sweep
import os


def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    os.abort()                                    # threat 3: SIGABRT
