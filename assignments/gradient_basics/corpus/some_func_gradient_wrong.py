# %% some_func
def some_func(x):
    # the square goes through detached copies: right values, but its derivative 2x is lost (f' = 3)
    return x.detach() * x.detach() + 3 * x + 1
