"""Stand-ins for a graded function's dependencies, answered by the grader.

While a function with graded dependencies is checked (``assignments.DEPENDENCIES``),
the names of those dependencies in the student's namespace are bound to the proxies
made here. A proxy holds no reference code: it sends its arguments back over the
call's own socket as a nested request and returns what the grader computed there:

    worker -> grader   {"op": "dependency", "seq", "call", "name", "args", "grad_inputs"}
    grader -> worker   {"op": "dependency_result", "call", "ok", "value", "differentiable", "generators"}
                       or {"op": "dependency_result", "call", "ok": false, "error": {"type", "message"}}
    worker -> grader   {"op": "dependency_backward", "seq", "call", "grads"}
    grader -> worker   {"op": "dependency_grads", "call", "ok", "grads"}

Where tensors that require grad go in, the result is wrapped in an autograd Function
whose backward asks the grader for the vector-Jacobian product, so ``loss.backward()``
through a stand-in loss function reaches the caller's tensors.

Callables the grader built from ``testfuncs`` go back by name; a call with anything
else that cannot be sent (a student's own lambda wrapping ``func``, say) runs the
student's own version of the dependency instead, as the notebook itself would.

A ``torch.Generator`` in the arguments (anywhere in their lists, tuples and dicts) goes
with its state; the grader runs the reference with a generator in that state and sends
the states after the call (``"generators"``, in ``generator_leaves`` order), which the
proxy sets on the caller's generators: they advance as if the reference had run here.
The same generator object twice in one call's arguments cannot be mirrored, so such a
call runs the student's own version.

Answers prepared ahead: a round trip per call would make long training loops slow, so
the call request also carries the replies to the very calls the reference makes on the
check's inputs, each sealed under its own request: stored under a hash of the exact
request (name, arguments' bytes, how many require grad) and encrypted with a key
derived from that request. A proxy whose request matches one bit for bit opens it
locally; any other request goes to the grader. An answer therefore only opens for
whoever computed its exact inputs, and gives what the round trip would have given.
"""

from __future__ import annotations

import hashlib

import torch

from pcpt_portable import testfuncs, wire
from pcpt_portable.errors import AutograderError

_MISSING = object()
CALL_ERROR_TYPES = {"TypeError": TypeError, "ValueError": ValueError, "IndexError": IndexError,
                    "RuntimeError": RuntimeError}


class Unsendable(AutograderError):
    """An argument that cannot go to the grader (it is no data, nor a callable the grader built)."""

    exit_status = None   # answered inside the sandbox, never past it


def tensor_leaves(value) -> list:
    """The tensors in ``value``'s lists, tuples and dicts, in wire-encoding order (both sides use it)."""
    return _leaves(value, torch.Tensor)


def generator_leaves(value) -> list:
    """The ``torch.Generator``s in ``value``'s lists, tuples and dicts, in wire-encoding order."""
    return _leaves(value, torch.Generator)


def _leaves(value, kind) -> list:
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, kind):
            found.append(item)
        elif type(item) in (list, tuple):
            stack.extend(reversed(item))
        elif type(item) is dict:
            for key, entry in reversed(list(item.items())):
                stack.extend((entry, key))
    return found


def replace_leaves(value, replacements: dict):
    """``value`` with each tensor ``t`` swapped for ``replacements[id(t)]``."""
    if isinstance(value, torch.Tensor):
        return replacements.get(id(value), value)
    if type(value) in (list, tuple):
        return type(value)(replace_leaves(v, replacements) for v in value)
    if type(value) is dict:
        return {replace_leaves(k, replacements): replace_leaves(v, replacements) for k, v in value.items()}
    return value


def _sendable(value):
    """``value`` with the grader's own callables turned back into names (``Unsendable`` otherwise)."""
    if callable(value) and not isinstance(value, (torch.Tensor, type)):
        named = testfuncs.named(value)
        if named is None:
            raise Unsendable(type(value).__name__)
        return named
    if type(value) in (list, tuple):
        return type(value)(_sendable(v) for v in value)
    if type(value) is dict:
        return {k: _sendable(v) for k, v in value.items()}
    return value


def _has_unsupported(tree) -> bool:
    if type(tree) is list:
        return any(_has_unsupported(v) for v in tree)
    if type(tree) is dict:
        if "$unsupported" in tree:
            return True
        return any(_has_unsupported(v) for v in tree.values())
    return False


def request_parts(name: str, args, kwargs) -> tuple[object, list[bytes], list]:
    """A dependency call as (args tree, blobs, the tensors that require grad): both sides build it here.

    Raises Unsendable for arguments that cannot go to the grader.
    """
    sendable = _sendable([list(args), dict(kwargs)])
    if not _distinct(generator_leaves(sendable)):
        raise Unsendable("a generator passed twice")
    grad_inputs = [t for t in tensor_leaves(sendable) if t.requires_grad] if torch.is_grad_enabled() else []
    tree, blobs = wire.encode(sendable)
    if _has_unsupported(tree):
        raise Unsendable("unsupported value")
    return tree, blobs, grad_inputs


def _distinct(generators: list) -> bool:
    return len({id(g) for g in generators}) == len(generators)


def advance(generators: list, tree, blobs, device_map) -> None:
    """Set the caller's ``generators`` to the states the grader's reply says they have after the call."""
    after = wire.decode(tree, blobs, device_map=device_map)
    if type(after) is not list or len(after) != len(generators) or any(type(g) is not torch.Generator for g in after):
        raise wire.WireError("the grader's generators do not match the arguments")
    for mine, theirs in zip(generators, after):
        try:
            mine.set_state(theirs.get_state())
        except RuntimeError as exc:
            raise wire.WireError("the grader sent a generator state that does not fit") from exc


class NoKey(AutograderError):
    """A request ``request_secret`` does not describe (it still goes to the grader)."""

    exit_status = None   # control flow of its callers


def _describe(value, digest, depth: int = 0) -> None:
    kind = type(value)
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        data = value.detach()
        if data.layout != torch.strided or data.dtype not in _KEY_DTYPES or data.is_quantized:
            raise NoKey
        digest.update(f"T{data.dtype}{tuple(data.shape)}{data.device}{value.requires_grad};".encode())
        if data.numel() == 1 and data.dtype in (torch.float32, torch.float64):
            digest.update(repr(data.item()).encode())   # exact: a float32 is exactly a Python float
            return
        data = data.to("cpu").contiguous()
        raw = (data.view(torch.int16) if data.dtype == torch.bfloat16 else data).numpy().tobytes()
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    elif kind is torch.Generator:
        raw = value.get_state().numpy().tobytes()
        digest.update(f"G{value.device}{len(raw)};".encode())
        digest.update(raw)
    elif value is None or kind in (bool, int, float, str):
        text = repr(value)
        digest.update(f"{kind.__name__}{len(text)}:{text};".encode())
    elif depth < wire.MAX_DEPTH and kind in (list, tuple):
        digest.update(f"{kind.__name__}{len(value)}[".encode())
        for item in value:
            _describe(item, digest, depth + 1)
        digest.update(b"]")
    elif depth < wire.MAX_DEPTH and kind is dict:
        digest.update(f"dict{len(value)}[".encode())
        for key, item in value.items():
            _describe(key, digest, depth + 1)
            _describe(item, digest, depth + 1)
        digest.update(b"]")
    elif callable(value) and testfuncs.named(value) is not None:
        named = testfuncs.named(value)
        digest.update(f"F{named.name};".encode())
        _describe(list(named.args), digest, depth + 1)
    else:
        raise NoKey


_KEY_DTYPES = {torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int8, torch.uint8, torch.int16,
               torch.int32, torch.int64, torch.bool}


def request_secret(name: str, args, kwargs) -> tuple[bytes, list]:
    """(digest of the exact request, its tensors that require grad); both sides compute it here.

    The lookup id and the sealing key of a prepared answer derive from the digest. It
    covers every value, dtype, shape, device and requires_grad flag, generator state, and
    grad mode. Raises NoKey for arguments it does not describe.
    """
    if not _distinct(generator_leaves([list(args), dict(kwargs)])):
        raise NoKey
    digest = hashlib.sha256(f"{name}({int(torch.is_grad_enabled())};".encode())
    _describe([list(args), dict(kwargs)], digest)
    grads = [t for t in tensor_leaves([list(args), dict(kwargs)]) if t.requires_grad] if torch.is_grad_enabled() else []
    digest.update(f"grads{len(grads)}".encode())
    return digest.digest(), grads


def answer_id(secret: bytes) -> str:
    return hashlib.sha256(b"pcpt answer id\0" + secret).hexdigest()[:40]


def seal(secret: bytes, payload: bytes) -> bytes:
    """XOR with a keystream of the secret (its own inverse: ``seal`` also opens)."""
    stream = hashlib.shake_256(b"pcpt answer key\0" + secret).digest(len(payload))
    return (int.from_bytes(payload, "little") ^ int.from_bytes(stream, "little")).to_bytes(len(payload), "little")


class Channel:
    """The socket of the call in progress; proxies may use it only while that call runs."""

    def __init__(self, sock, device_map):
        self.sock = sock
        self.device_map = device_map
        self.seq = None      # the outer call's sequence number while it runs, else None
        self.calls = 0
        self.answers: dict[str, bytes] = {}

    def open(self, seq, answers: dict[str, bytes] | None = None) -> None:
        self.seq, self.calls, self.answers = seq, 0, answers or {}

    def close(self) -> None:
        self.seq, self.answers = None, {}

    def prepared(self, name: str, args, kwargs) -> tuple[dict, list[bytes], list] | None:
        """The reply prepared ahead for exactly this request, if there is one (and the grad inputs)."""
        if not self.answers or self.seq is None:
            return None
        try:
            secret, grad_inputs = request_secret(name, args, kwargs)
        except NoKey:
            return None
        sealed = self.answers.get(answer_id(secret))
        if sealed is None:
            return None
        return (*wire.unpack(seal(secret, sealed)), grad_inputs)

    def exchange(self, header: dict, blobs, expect: str) -> tuple[dict, list[bytes]]:
        if self.seq is None:
            raise RuntimeError("the grader's stand-ins for your graded functions work only while a check calls "
                               "the function that uses them")
        wire.send_message(self.sock, dict(header, seq=self.seq), blobs)
        reply, reply_blobs = wire.read_message(self.sock)
        if reply.get("op") != expect or reply.get("call") != header["call"]:
            raise wire.WireError("the grader answered another request")
        return reply, reply_blobs


def _raise_for(error) -> None:
    error = error if type(error) is dict else {}
    kind = CALL_ERROR_TYPES.get(str(error.get("type")), RuntimeError)
    raise kind(str(error.get("message", "the grader could not compute this dependency")))


def _jacobian_product(state, grad_outputs, input_meta) -> list:
    """Σ_k grad_output_k · ∂output_k/∂input for single-number outputs (rows sent with the value)."""
    scalars = [g for g, differentiable in zip(grad_outputs, state["differentiable"]) if differentiable]
    result = [None] * len(input_meta)
    for g, row in zip(scalars, state["jacobian"]):
        if g is None:
            continue
        for i, part in enumerate(row):
            if part is not None:
                term = g.reshape(()).to(part.dtype) * part
                result[i] = term if result[i] is None else result[i] + term
    return [None if r is None else r.to(dtype=dtype, device=device)
            for r, (_, dtype, device) in zip(result, input_meta)]


def _linearised(state, inputs) -> list | None:
    """Outputs as value + Σ ∂out/∂x · (x − x.detach()): the same numbers, with autograd's own nodes.

    The added term is exactly zero, and its backward gives exactly grad_output · ∂out/∂x,
    without a Python backward per call. None (use ``_StandIn``) where a value is not
    finite or dtypes differ, since then the term would not be zero.
    """
    rows = iter(state["jacobian"])
    result = []
    for output, differentiable in zip(state["outputs"], state["differentiable"]):
        if not differentiable:
            result.append(output)
            continue
        term = None
        for x, part in zip(inputs, next(rows)):
            if part is None:
                continue
            if part.dtype != output.dtype or x.dtype != output.dtype or part.shape != x.shape:
                return None
            piece = (x - x.detach()) * part
            if piece.dim():
                piece = piece.sum()
            term = piece if term is None else term + piece
        if term is None or term.item() != 0:
            return None
        result.append(output + term)
    return result


class _StandIn(torch.autograd.Function):
    """The grader's result as an autograd node; backward asks the grader for the VJP."""

    @staticmethod
    def forward(ctx, state, *inputs):
        ctx.state = state
        ctx.input_meta = [(t.shape, t.dtype, t.device) for t in inputs]
        outputs = state["outputs"]
        frozen = [t for t, differentiable in zip(outputs, state["differentiable"]) if not differentiable]
        if frozen:
            ctx.mark_non_differentiable(*frozen)
        return tuple(outputs)

    @staticmethod
    @torch.autograd.function.once_differentiable
    def backward(ctx, *grad_outputs):
        state = ctx.state
        channel: Channel = state["channel"]
        if state["jacobian"] is not None:
            with torch._C.DisableTorchFunction():
                return (None, *_jacobian_product(state, grad_outputs, ctx.input_meta))
        with torch._C.DisableTorchFunction():
            grads = [None if g is None or not d else g for g, d in zip(grad_outputs, state["differentiable"])]
            tree, blobs = wire.encode(grads)
            reply, reply_blobs = channel.exchange({"op": "dependency_backward", "call": state["call"],
                                                   "grads": tree}, blobs, "dependency_grads")
            if not reply.get("ok"):
                _raise_for(reply.get("error"))
            result = wire.decode(reply.get("grads"), reply_blobs, device_map=channel.device_map)
        if type(result) is not list or len(result) != len(ctx.input_meta):
            raise wire.WireError("the grader sent gradients for other inputs")
        for grad, (shape, dtype, device) in zip(result, ctx.input_meta):
            if grad is not None and (not isinstance(grad, torch.Tensor) or grad.shape != shape):
                raise wire.WireError("the grader sent a gradient of another shape")
        return (None, *[None if g is None else g.to(dtype=dtype, device=device) for g, (_, dtype, device)
                        in zip(result, ctx.input_meta)])


def make_proxy(name: str, channel: Channel, own):
    """A function called ``name`` whose value the grader computes (``own``: the student's version)."""

    def proxy(*args, **kwargs):
        with torch._C.DisableTorchFunction():
            call_id = None
            answer = channel.prepared(name, args, kwargs)
            if answer is not None:
                reply, reply_blobs, grad_inputs = answer
            else:
                try:
                    tree, blobs, grad_inputs = request_parts(name, args, kwargs)
                except Unsendable:
                    if own is _MISSING or not callable(own):
                        raise TypeError(f"in grading, `{name}` is the grader's version, and it accepts only data "
                                        "(tensors, numbers, lists) and the function it was given") from None
                    return own(*args, **kwargs)
                channel.calls += 1
                call_id = channel.calls
                reply, reply_blobs = channel.exchange({"op": "dependency", "call": call_id, "name": name,
                                                       "args": tree, "grad_inputs": len(grad_inputs)},
                                                      blobs, "dependency_result")
            if not reply.get("ok"):
                _raise_for(reply.get("error"))
            value = wire.decode(reply.get("value"), reply_blobs, device_map=channel.device_map)
            advance(generator_leaves([list(args), dict(kwargs)]), reply.get("generators"), reply_blobs,
                    channel.device_map)
            differentiable = reply.get("differentiable") or []
            outputs = tensor_leaves(value)
            if not grad_inputs or not any(differentiable):
                return value
            if type(differentiable) is not list or len(differentiable) != len(outputs):
                raise wire.WireError("the grader's result does not say which outputs are differentiable")
            jacobian = None
            if reply.get("jacobian") is not None:
                jacobian = wire.decode(reply["jacobian"], reply_blobs, device_map=channel.device_map)
                if type(jacobian) is not list or any(type(row) is not list or len(row) != len(grad_inputs)
                                                     for row in jacobian):
                    raise wire.WireError("the grader's gradients do not match the inputs")
            state = {"channel": channel, "call": call_id, "outputs": outputs, "jacobian": jacobian,
                     "differentiable": [bool(d) and outputs[i].is_floating_point()
                                        for i, d in enumerate(differentiable)]}
            tracked = _linearised(state, grad_inputs) if jacobian is not None else None
            if tracked is None:
                tracked = _StandIn.apply(state, *grad_inputs)
        return replace_leaves(value, {id(old): new for old, new in zip(outputs, tracked)})

    proxy.__name__ = proxy.__qualname__ = name
    proxy.__doc__ = f"`{name}` as computed by the grader (graded on its own, so its mistakes cost only its points)."
    return proxy


def install(namespace: dict, names, channel: Channel) -> dict:
    """Bind proxies for ``names`` in ``namespace``; returns what they replaced (for ``restore``)."""
    saved = {}
    for name in names:
        saved[name] = namespace.get(name, _MISSING)
        namespace[name] = make_proxy(name, channel, saved[name])
    return saved


def restore(namespace: dict, saved: dict) -> None:
    for name, previous in saved.items():
        if previous is _MISSING:
            namespace.pop(name, None)
        else:
            namespace[name] = previous
