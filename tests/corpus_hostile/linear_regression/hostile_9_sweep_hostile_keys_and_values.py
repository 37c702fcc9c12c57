# %% learning_rate_sweep
class _Rate(float):
    """A float that equals every float and hashes like 0.1."""
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return hash(0.1)


class _Loss:
    """A number-like object that cannot be turned into a number."""
    def __float__(self):
        raise RuntimeError("no float for you")

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __repr__(self):
        return "0.0"


def learning_rate_sweep(x, y, w0, b0, learning_rates, num_epochs=50):
    # threat 9: keys that equal every learning rate, values that equal every loss
    return {_Rate(rate): _Loss() for rate in learning_rates}
