"""Plain-data encoding of values exchanged with the sandbox, and message framing.

Only JSON and raw little-endian tensor bytes cross between processes, never pickle.
A value becomes a JSON tree plus a list of binary blobs:

    None, bool, int, float, str        as themselves (non-finite floats as {"$float": "nan"})
    tuple / list / dict                {"$tuple": [...]}, [...], {"$dict": [[key, value], ...]}
    torch.Tensor                       {"$tensor": {dtype, shape, device, requires_grad, type, blob, grad?}}
    numpy.ndarray / numpy scalar       {"$ndarray": {...}} / {"$npscalar": {...}}
    torch.Generator                    {"$generator": {"device": ..., "state": blob}} (its ``get_state()`` bytes)
    a callable by name (inputs only)   {"$callable": {"name": ..., "args": [...]}}
    a live object of a student process {"$object": id} (``ObjectRef``: a handle, never the object)
    anything else                      {"$unsupported": {"type": "module.Class"}}

The decoder is strict: whitelisted dtypes, bounded sizes and depth, and a tree
shape it checks as it goes. Each blob of a message is decoded at most once (a tree
whose entries all point at one large blob is malformed), so what decoding a message
allocates is bounded by the message's own size. Both ends of the sandbox use this module.
"""

from __future__ import annotations

import json
import math
import struct
import time
from dataclasses import dataclass

import numpy as np
import torch

from .errors import AutograderError

MAX_HEADER_BYTES = 8 * 1024 * 1024
MAX_BLOB_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 24
MAX_ITEMS = 200_000
MAX_STRING = 100_000
MAX_DIMENSION = 2**40  # no single dimension is longer, even of an empty tensor
MAX_GENERATOR_STATE = 64 * 1024  # a CPU generator's state is 5056 bytes, a CUDA one's 16
MAX_GENERATORS = 1024            # per value

_TORCH_DTYPES = {
    "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32,
    "float64": torch.float64, "int8": torch.int8, "uint8": torch.uint8, "int16": torch.int16,
    "int32": torch.int32, "int64": torch.int64, "bool": torch.bool,
}
_DTYPE_NAMES = {dtype: name for name, dtype in _TORCH_DTYPES.items()}
_NUMPY_DTYPES = {"float16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool"}


class WireError(AutograderError, ValueError):
    """A message that does not follow the format (or exceeds its limits)."""

    exit_status = None   # each reader turns it into its own result or error


@dataclass(frozen=True)
class Unsupported:
    """Stands for a returned object that cannot cross the sandbox boundary."""

    type_name: str

    def __repr__(self) -> str:
        return f"<object of type {self.type_name}>"


@dataclass(frozen=True)
class NamedCallable:
    """A callable the worker resolves by name from its ``testfuncs`` module."""

    name: str
    args: tuple = ()


@dataclass
class ObjectRef:
    """A handle on an object that lives in a student process's object table
    (``autograder.worker.objects``): only its id crosses, and only that process resolves it."""

    id: int


# --- encoding --------------------------------------------------------------------------

def _qualname(obj) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


class _Encoder:
    def __init__(self, with_grads: bool, refer=None):
        self.blobs: list[bytes] = []
        self.items = 0
        self.with_grads = with_grads
        self.refer = refer   # value -> its ObjectRef id, or None (the student process's live objects)

    def blob(self, data: bytes) -> int:
        self.blobs.append(data)
        return len(self.blobs) - 1

    def tensor(self, t: torch.Tensor) -> dict:
        kind = type(t).__name__ if type(t) in (torch.Tensor, torch.nn.Parameter) else _qualname(t)
        name = _DTYPE_NAMES.get(t.dtype)
        if name is None or t.layout != torch.strided or t.is_quantized:
            return {"$unsupported": {"type": f"torch.Tensor of dtype {t.dtype} / layout {t.layout}"}}
        plain = torch.Tensor._make_subclass(torch.Tensor, t.detach()) if kind not in ("Tensor", "Parameter") else t
        data = plain.detach().to("cpu").contiguous()
        if data.dtype == torch.bfloat16:
            raw = data.view(torch.int16).numpy().tobytes()
        else:
            raw = data.numpy().tobytes()
        spec = {
            "dtype": name, "shape": list(data.shape), "device": str(t.device),
            "requires_grad": bool(t.requires_grad), "type": kind, "blob": self.blob(raw),
        }
        if self.with_grads:
            grad = t.grad if t.is_leaf else None
            spec["grad"] = None if grad is None else self.tensor(grad).get("$tensor")  # None if unsupported
        return {"$tensor": spec}

    def encode(self, value, depth: int = 0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError("value is nested too deeply or has too many items")
        handle = self.refer(value) if self.refer is not None else None
        if handle is not None:   # first: the object's own isinstance answers (a lying __class__) are not asked
            return {"$object": handle}
        if value is None or type(value) in (bool, int, str):
            if type(value) is int and not -(2**63) <= value < 2**63:
                return {"$unsupported": {"type": "int (too large)"}}
            if type(value) is str and len(value) > MAX_STRING:
                return {"$unsupported": {"type": "str (too long)"}}
            return value
        if isinstance(value, float) and type(value) in (float, np.float64):
            number = float(value)
            return number if math.isfinite(number) else {"$float": repr(number)}
        if isinstance(value, torch.Tensor):
            return self.tensor(value)
        if type(value) is tuple:
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if type(value) is list:
            return [self.encode(v, depth + 1) for v in value]
        if type(value) is dict:
            return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}
        if type(value) is np.ndarray:
            if value.dtype.name not in _NUMPY_DTYPES:
                return {"$unsupported": {"type": f"numpy.ndarray of dtype {value.dtype}"}}
            return {"$ndarray": {"dtype": value.dtype.name, "shape": list(value.shape),
                                 "blob": self.blob(value.tobytes(order="C"))}}
        if isinstance(value, np.generic) and type(value).__module__ == "numpy" and value.dtype.name in _NUMPY_DTYPES:
            return {"$npscalar": {"dtype": value.dtype.name, "value": self.encode(value.item(), depth + 1)}}
        if type(value) is torch.Generator:
            state = value.get_state().numpy().tobytes()
            return {"$generator": {"device": str(value.device), "state": self.blob(state)}}
        if type(value) is NamedCallable:
            return {"$callable": {"name": value.name, "args": [self.encode(a, depth + 1) for a in value.args]}}
        if isinstance(value, ObjectRef) and type(value.id) is int:
            return {"$object": value.id}
        if type(value) is Unsupported:
            return {"$unsupported": {"type": value.type_name[:200]}}
        return {"$unsupported": {"type": _qualname(value)}}


def encode(value, *, with_grads: bool = False, refer=None) -> tuple[object, list[bytes]]:
    """Encode ``value`` as (JSON tree, blobs). ``with_grads`` adds each leaf tensor's ``.grad``;
    ``refer(value)`` names a live object by its ``ObjectRef`` id (None: not one)."""
    encoder = _Encoder(with_grads, refer)
    return encoder.encode(value), encoder.blobs


# --- decoding --------------------------------------------------------------------------

class _Decoder:
    def __init__(self, blobs, device_map, resolve_callable, max_numel, used: set[int] | None = None,
                 resolve_object=None):
        self.blobs = blobs
        self.resolve_object = resolve_object   # id -> the live object (only in the process that owns it)
        self.used = set() if used is None else used   # blob indices already decoded (shared across one message)
        self.device_map = device_map
        self.resolve_callable = resolve_callable
        self.max_numel = max_numel
        self.items = 0
        self.generators = 0

    def _blob(self, index) -> bytes:
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError("bad blob reference")
        if index in self.used:
            raise WireError("a blob referenced twice")
        self.used.add(index)
        return self.blobs[index]

    def _shape(self, shape) -> tuple[int, ...]:
        if type(shape) is not list or len(shape) > 16 or any(type(s) is not int or not 0 <= s <= MAX_DIMENSION
                                                             for s in shape):
            raise WireError("bad shape")
        return tuple(shape)

    @staticmethod
    def _dtype_name(spec) -> str:
        name = spec.get("dtype")
        if type(name) is not str:
            raise WireError("bad dtype")
        return name

    def tensor(self, spec, *, allow_grad: bool = True) -> torch.Tensor:
        if type(spec) is not dict:
            raise WireError("bad tensor")
        dtype = _TORCH_DTYPES.get(self._dtype_name(spec))
        if dtype is None:
            raise WireError(f"unsupported dtype {spec.get('dtype')!r}")
        shape = self._shape(spec.get("shape"))
        numel = math.prod(shape)
        if numel > self.max_numel:
            raise WireError(f"tensor of {numel} elements exceeds the limit of {self.max_numel}")
        raw = self._blob(spec.get("blob"))
        itemsize = torch.empty((), dtype=dtype).element_size()
        if len(raw) != numel * itemsize:
            raise WireError("tensor bytes do not match its shape")
        storage_dtype = torch.int16 if dtype == torch.bfloat16 else dtype
        flat = torch.frombuffer(bytearray(raw), dtype=storage_dtype) if raw else torch.empty(0, dtype=storage_dtype)
        result = flat.view(dtype).reshape(shape) if dtype == torch.bfloat16 else flat.reshape(shape)
        device = self.device_map(str(spec.get("device", "cpu")))
        if device is not None and device != "cpu":
            result = result.to(device)
        if spec.get("requires_grad") is True and (result.is_floating_point()):
            result.requires_grad_(True)
        grad = spec.get("grad")
        if grad is not None:
            if not allow_grad:
                raise WireError("a gradient cannot carry a gradient")
            grad = self.tensor(grad, allow_grad=False).to(result.device)
            if grad.shape != result.shape or grad.dtype != result.dtype or not result.requires_grad:
                raise WireError("a gradient does not match its tensor")
            result.grad = grad
        return result

    def decode(self, node, depth: int = 0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError("value is nested too deeply or has too many items")
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.decode(v, depth + 1) for v in node]
        if type(node) is not dict or len(node) != 1:
            raise WireError("malformed value")
        (tag, body), = node.items()
        body_type, method = _TAGGED.get(tag, (None, None))
        if method is None or (body_type is not None and type(body) is not body_type) \
                or (tag == "$callable" and self.resolve_callable is None):
            raise WireError(f"unknown tag {tag!r}")
        return getattr(self, method)(body, depth)

    # -- one method per tag (``_TAGGED``); ``body`` has the type listed there ----------------

    @staticmethod
    def _float(body, depth):
        if body not in ("nan", "inf", "-inf"):
            raise WireError("bad float")
        return float(body)

    def _tuple(self, body, depth):
        return tuple(self.decode(v, depth + 1) for v in body)

    def _dict(self, body, depth):
        result = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("bad dict entry")
            key = self.decode(pair[0], depth + 1)
            try:
                result[key] = self.decode(pair[1], depth + 1)
            except TypeError as exc:  # unhashable key
                raise WireError("unhashable dict key") from exc
        return result

    def _tensor(self, body, depth):
        return self.tensor(body)

    def _ndarray(self, body, depth):
        if self._dtype_name(body) not in _NUMPY_DTYPES:
            raise WireError("unsupported ndarray dtype")
        shape = self._shape(body.get("shape"))
        dtype = np.dtype(body["dtype"])
        raw = self._blob(body.get("blob"))
        if math.prod(shape) > self.max_numel or len(raw) != math.prod(shape) * dtype.itemsize:
            raise WireError("bad ndarray")
        try:
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        except ValueError as exc:
            raise WireError(f"bad ndarray: {exc}") from exc

    def _npscalar(self, body, depth):
        if self._dtype_name(body) not in _NUMPY_DTYPES:
            raise WireError("unsupported numpy scalar")
        value = self.decode(body.get("value"), depth + 1)
        if type(value) not in (bool, int, float):
            raise WireError("a numpy scalar must hold a number")
        try:
            with np.errstate(all="raise"):
                return np.dtype(body["dtype"]).type(value)
        except (OverflowError, ValueError, TypeError, FloatingPointError) as exc:
            raise WireError(f"bad numpy scalar: {exc}") from exc

    def _generator(self, body, depth):
        self.generators += 1
        if self.generators > MAX_GENERATORS:
            raise WireError(f"more than {MAX_GENERATORS} generators")
        raw, device = self._blob(body.get("state")), body.get("device")
        if not 0 < len(raw) <= MAX_GENERATOR_STATE or type(device) is not str:
            raise WireError("bad generator")
        try:
            generator = torch.Generator(device=self.device_map(device) or "cpu")
            generator.set_state(torch.frombuffer(bytearray(raw), dtype=torch.uint8))
        except (RuntimeError, ValueError, TypeError) as exc:  # a state of another size or kind, an unknown device
            raise WireError(f"bad generator state: {str(exc)[:200]}") from exc
        return generator

    @staticmethod
    def _unsupported(body, depth):
        return Unsupported(str(body.get("type"))[:200])

    def _object(self, body, depth):
        if self.resolve_object is None:
            return ObjectRef(body)
        return self.resolve_object(body)

    def _callable(self, body, depth):
        if type(body.get("args", [])) is not list:
            raise WireError("bad callable arguments")
        args = tuple(self.decode(a, depth + 1) for a in body.get("args", []))
        return self.resolve_callable(str(body.get("name")), args)


# tag -> (the type its body must have, or None for any; the _Decoder method that decodes it)
_TAGGED = {
    "$float": (None, "_float"), "$tuple": (list, "_tuple"), "$dict": (list, "_dict"), "$tensor": (None, "_tensor"),
    "$ndarray": (dict, "_ndarray"), "$npscalar": (dict, "_npscalar"), "$unsupported": (dict, "_unsupported"),
    "$callable": (dict, "_callable"), "$generator": (dict, "_generator"), "$object": (int, "_object"),
}


def _keep_device(device: str):
    return device


def decode(tree, blobs, *, device_map=_keep_device, resolve_callable=None, max_numel: int = 10_000_000,
           resolve_object=None):
    """Rebuild a value from (tree, blobs).

    ``device_map`` turns a device string into where the tensor (or generator) is placed
    (None or "cpu" keeps it on the CPU); ``resolve_callable(name, args)`` builds ``$callable``
    values (only the worker passes one); ``resolve_object(id)`` turns ``$object`` into the live
    object (only the process that owns it passes one; elsewhere it stays an ``ObjectRef``).
    """
    return _Decoder(blobs, device_map, resolve_callable, max_numel, resolve_object=resolve_object).decode(tree)


def decode_parts(trees, blobs, *, device_map=_keep_device, resolve_callable=None,
                 max_numel: int = 10_000_000) -> list:
    """Decode several trees of one message (``encode_parts``): each blob serves one of them, once."""
    used: set[int] = set()
    return [_Decoder(blobs, device_map, resolve_callable, max_numel, used).decode(tree) for tree in trees]


# --- framing ---------------------------------------------------------------------------

_LENGTHS = struct.Struct(">II")


def pack(header: dict, blobs=()) -> bytes:
    """One message: lengths, JSON header (which lists the blob sizes), then the blobs."""
    header = dict(header, blobs=[len(b) for b in blobs])
    head = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
    body = b"".join(blobs)
    return _LENGTHS.pack(len(head), len(body)) + head + body


def _read_exact(sock, size: int, deadline: float | None = None) -> bytes:
    """Read ``size`` bytes; with a ``deadline`` (time.monotonic) the whole read must finish by then."""
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the reply did not arrive in time")
            sock.settimeout(left)
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("channel closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_message(sock, max_blob_bytes: int = MAX_BLOB_BYTES, deadline: float | None = None) -> tuple[dict, list[bytes]]:
    head_len, body_len = _LENGTHS.unpack(_read_exact(sock, _LENGTHS.size, deadline))
    if head_len > MAX_HEADER_BYTES or body_len > max_blob_bytes:
        raise WireError(f"message of {head_len + body_len} bytes exceeds the limit")
    try:
        header = json.loads(_read_exact(sock, head_len, deadline))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, int digit limit, deep nesting
        raise WireError("header is not JSON") from exc
    sizes = header.get("blobs") if type(header) is dict else None
    if type(sizes) is not list or any(type(s) is not int or s < 0 for s in sizes) or sum(sizes) != body_len:
        raise WireError("blob sizes do not add up")
    body = _read_exact(sock, body_len, deadline)
    blobs, offset = [], 0
    for size in sizes:
        blobs.append(body[offset:offset + size])
        offset += size
    return header, blobs


class _Bytes:
    """``recv`` over bytes already in hand, for ``unpack``."""

    def __init__(self, data: bytes):
        self.data, self.offset = memoryview(data), 0

    def recv(self, size: int) -> bytes:
        chunk = bytes(self.data[self.offset:self.offset + size])
        self.offset += len(chunk)
        return chunk


def unpack(data: bytes) -> tuple[dict, list[bytes]]:
    """The (header, blobs) of one message made by ``pack`` (checked like ``read_message``)."""
    return read_message(_Bytes(data))


def send_message(sock, header: dict, blobs=()) -> None:
    sock.sendall(pack(header, blobs))


def encode_parts(parts, *, refer=None) -> tuple[list, list[bytes]]:
    """Encode several ``(value, with_grads)`` pairs into trees sharing one blob list (``refer``: see ``encode``)."""
    encoder = _Encoder(False, refer)
    trees = []
    for value, with_grads in parts:
        encoder.with_grads = with_grads
        trees.append(encoder.encode(value))
    return trees, encoder.blobs
