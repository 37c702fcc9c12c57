"""Objects the minibatch_sgd checks pass to graded functions, built by name on both sides.

A check sends ``NamedCallable("cpu_generator", (seed,))`` and the grader and the sandbox
each build a freshly seeded generator from it (the same order on both sides). This file
runs inside the sandbox too, so it imports nothing but torch.
"""

import torch


def cpu_generator(seed):
    """A CPU ``torch.Generator`` seeded with ``seed``, as ``torch.Generator().manual_seed(seed)``."""
    return torch.Generator().manual_seed(int(seed))
