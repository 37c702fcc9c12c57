# %% mse_loss
def mse_loss(y_pred, y):
    # a broken function whose message is long too
    raise ValueError("m" * 5000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)

# %% new
raise ValueError("0" * 3000)

# %% new
raise ValueError("1" * 3000)

# %% new
raise ValueError("2" * 3000)

# %% new
raise ValueError("3" * 3000)

# %% new
raise ValueError("4" * 3000)

# %% new
raise ValueError("5" * 3000)

# %% new
raise ValueError("6" * 3000)

# %% new
raise ValueError("7" * 3000)

# %% new
raise ValueError("8" * 3000)

# %% new
raise ValueError("9" * 3000)
