# %% polynomial_gradient_descent_manual
import sys

_ODD_VALUES = [      # one per call, in this order (the grader calls the function three times)
    {"$npscalar": {"dtype": "float64", "value": "not a number"}},
    {"$tensor": {"dtype": "float32", "shape": [1], "device": "cpu", "requires_grad": True, "type": "Tensor",
                 "blob": 0, "grad": {"dtype": "float32", "shape": [7], "device": "cpu", "requires_grad": False,
                                     "type": "Tensor", "blob": 1}}},
    {"$tensor": {"dtype": "float32", "shape": [1], "device": "meta", "requires_grad": False,
                 "type": "Tensor", "blob": 0}},
    {"$dict": [[{"$tuple": [[1, 2]]}, 0.0]]},
    {"$npscalar": {"dtype": "int8", "value": [1, 2, 3]}},
    {"$npscalar": {"dtype": "int8", "value": 10**6}},
]
_BAD_DEVICE = {"$tensor": {"dtype": "float32", "shape": [1], "device": "no-such-device:7", "requires_grad": False,
                           "type": "Tensor", "blob": 0}}
_calls = [0]


def _forge_next_reply(odd=None):
    """Threat 9: replace, for the reply of this call only, the worker's encoded value by a tree
    that uses the format's tags but holds contents the grader's decoder may not expect."""
    wire = sys.modules["pcpt_portable.wire"]
    original = wire.encode_parts
    if odd is None:
        odd = _ODD_VALUES[_calls[0] % len(_ODD_VALUES)]
        _calls[0] += 1

    def forged(parts, **options):    # options: whatever the worker passes today (refer=)
        wire.encode_parts = original
        trees, blobs = original(parts, **options)
        trees[0] = {"$tuple": [odd, 0.0, 0.0, 0.0]}
        return trees, [bytes(4), bytes(28)] + blobs
    wire.encode_parts = forged


def polynomial_gradient_descent_manual(x, y, learning_rate=1e-2, num_iterations=4000):
    _forge_next_reply()
    return 0.0, 0.0, 0.0, 0.0

# %% regression_polynomial_second_order_via_gradient
def regression_polynomial_second_order_via_gradient(x, y, learning_rate=1e-2, num_iterations=4000):
    _forge_next_reply(_BAD_DEVICE)         # always a tensor on a device that does not exist
    return 0.0, 0.0, 0.0, 0.0
