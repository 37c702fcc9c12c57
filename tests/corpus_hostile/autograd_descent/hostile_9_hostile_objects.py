# %% linear_layer_gradients
import os
import pickle


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch /tmp/pwned-by-pickle",))


def linear_layer_gradients(x, y, w, b):
    # threat 9: pickled objects that run code when unpickled
    return pickle.dumps(_Payload()), pickle.dumps((_Payload(), _Payload())), bytearray(pickle.dumps(_Payload()))

# %% regression_polynomial_second_order
class _EqualToAll:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0

    def __float__(self):
        return 0.0

    def __len__(self):
        return 4


def regression_polynomial_second_order(x, y):
    # threat 9: an object equal to every answer, in a tuple of them
    return _EqualToAll(), _EqualToAll(), _EqualToAll(), _EqualToAll()

# %% polynomial_gradient_descent_manual
class _OddFloat(float):
    def __float__(self):
        return 1.0

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __abs__(self):
        return 0.0

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__
    __hash__ = float.__hash__


def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    # threat 9: a float subclass that equals everything and whose float() is 1.0
    return _OddFloat(0.0), _OddFloat(0.0), _OddFloat(0.0), _OddFloat(0.0)

# %% regression_polynomial_second_order_via_gradient
class _NoFloat:
    def __float__(self):
        raise RuntimeError("float() refused")

    def __index__(self):
        raise RuntimeError("index refused")

    def __eq__(self, other):
        raise RuntimeError("== refused")

    __hash__ = object.__hash__


def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    # threat 9: a generator of objects whose float() raises
    return (_NoFloat() for _ in range(4))
