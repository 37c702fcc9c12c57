"""The student process's side of a gradient check (a call request's ``"vjp"``).

``{"wrt": [path, ...], "grad_outputs": <wire tree>}``: the tensors at the argument paths
are replaced by fresh leaves, the function runs, and the vector-Jacobian product with the
grader's ``grad_outputs`` is taken here, in the student's process
(``pcpt_portable.gradients``). What comes back is data: which floating outputs are
attached to the graph, and one gradient (or None) per path. The reply's ``value`` is
detached. An exception in the backward pass is the student's error, its message saying so.
"""

from __future__ import annotations

import torch

from pcpt_portable import gradients, wire

MAX_PATHS = 64
MAX_PATH_KEYS = 8


class GradientCall:
    """One call's gradient request, decoded and checked (``wire.WireError`` when malformed)."""

    def __init__(self, request, blobs, device_map):
        if type(request) is not dict or set(request) != {"wrt", "grad_outputs"}:
            raise wire.WireError("bad gradient request")
        wrt = request["wrt"]
        if (type(wrt) is not list or not 0 < len(wrt) <= MAX_PATHS or not all(
                type(p) is list and 0 < len(p) <= MAX_PATH_KEYS and all(type(k) in (int, str) for k in p)
                for p in wrt)):
            raise wire.WireError("bad gradient paths")
        grad_outputs = wire.decode(request["grad_outputs"], blobs, device_map=device_map)
        if type(grad_outputs) is not list or not all(
                g is None or (isinstance(g, torch.Tensor) and g.is_floating_point())
                for g in grad_outputs):
            raise wire.WireError("bad grad_outputs")
        self.wrt = [tuple(p) for p in wrt]
        self.grad_outputs = grad_outputs
        self.leaves: list = []
        self.in_backward = False

    def arguments(self, args, kwargs):
        """The call's arguments with fresh leaves at the paths (a path that does not fit is the grader's error)."""
        try:
            args, kwargs, self.leaves = gradients.with_leaves(args, kwargs, self.wrt)
        except gradients.GradientRequestError as exc:
            raise wire.WireError(f"bad gradient path: {exc}") from exc
        return list(args), kwargs

    def take(self, value) -> gradients.VJP:
        """The VJP of the call's ``value`` (inside the call: stand-ins may answer their backward)."""
        self.in_backward = True
        result = gradients.backward(value, self.leaves, self.grad_outputs)
        self.in_backward = False
        return result

    def describe_failure(self, error: dict) -> dict:
        """An exception's description, saying when it was raised in the backward pass."""
        if self.in_backward:
            error["message"] = gradients.BACKWARD_PREFIX + error["message"]
        return error


def reply_parts(result: gradients.VJP) -> tuple[dict, tuple]:
    """The reply's plain fields and its wire part (the gradients)."""
    return {"attached": result.attached, "gradients_fit": result.gradients is not None}, (result.gradients or [], False)
