"""The per-submission process: runs the student's cells, then serves function calls.

It talks to the grader over one socket (see ``wire``); the student's own stdout and
stderr never reach the grader except as a bounded text tail inside a reply, so
nothing the student prints can pose as a result.
"""

from __future__ import annotations

import io
import linecache
import os
import random
import resource
import sys
import threading
import time
import traceback
from contextlib import nullcontext, redirect_stderr, redirect_stdout

from pcpt_portable import testfuncs, wire

from . import codeprint, dependencies, gradients, isolation, objects
from .tracing import trace_api

OUTPUT_TAIL = 4000  # characters of student output kept per reply


class BoundedText(io.TextIOBase):
    """A text sink that keeps only the last ``limit`` characters (prints can be endless)."""

    def __init__(self, limit: int = OUTPUT_TAIL):
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        self.total += len(text)
        self.parts.append(text)
        self.size += len(text)
        if self.size > 4 * self.limit:
            self.parts = [self.tail()]
            self.size = len(self.parts[0])
        return len(text)

    def tail(self) -> str:
        return "".join(self.parts)[-self.limit:]


_cell_filename = codeprint.cell_filename


def _describe_exception(exc: BaseException) -> dict:
    """Exception type, message, and the traceback restricted to the student's cells."""
    frames = [
        frame for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.startswith("<cell ")
    ]
    lines = [
        f"{frame.filename[1:-1]}, line {frame.lineno}, in {frame.name}: {(frame.line or '').strip()}"
        for frame in frames[-8:]
    ]
    if isinstance(exc, SyntaxError):
        lines.append(f"{(exc.filename or '')[1:-1]}, line {exc.lineno}: {(exc.text or '').strip()}")
    return {
        "kind": "exception",
        "type": type(exc).__qualname__,
        "module": type(exc).__module__,
        "message": str(exc)[:2000],
        "traceback": lines,
    }


def _apply_limits(limits: dict) -> None:
    """Resource limits for everything this process (and anything it starts) does."""
    current_vm = 0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                current_vm = int(line.split()[1]) * 1024
    settings = {
        resource.RLIMIT_CPU: limits.get("cpu_seconds"),   # the server reads the CPU time used on exit
        resource.RLIMIT_FSIZE: limits.get("file_bytes"),
        resource.RLIMIT_NOFILE: limits.get("open_files"),
        resource.RLIMIT_CORE: 0,
    }
    if limits.get("memory_bytes"):
        # The limit counts what the submission adds to the already-loaded libraries.
        settings[resource.RLIMIT_AS] = current_vm + int(limits["memory_bytes"])
    for which, value in settings.items():
        if value is not None:
            resource.setrlimit(which, (int(value), int(value)))


# Audit events after which a death by signal may be the student's own doing (it signalled
# itself, or started something that could). Without any of them, a SIGKILL/SIGTERM the
# grader did not send came from outside: an infrastructure fault, retried, never graded.
SELF_SIGNAL_EVENTS = frozenset({
    "os.kill", "os.killpg", "signal.pthread_kill", "os.fork", "os.forkpty", "os.system", "os.posix_spawn",
    "os.exec", "os.spawn", "subprocess.Popen", "pty.spawn", "ctypes.dlopen", "ctypes.dlsym",
    "ctypes.call_function", "ctypes.cdata", "ctypes.addressof", "ctypes.string_at", "ctypes.dlsym/handle",
})


def _record_self_signals(fd: int) -> None:
    """Write one byte to the server's evidence pipe before the first such event. An audit
    hook cannot be removed from Python, and a byte written cannot be taken back; evading it
    can only turn the student's own death into an internal error, never gain points."""
    import signal

    marked = False

    def mark() -> None:
        nonlocal marked
        if not marked:
            marked = True
            try:
                os.write(fd, b"!")
            except OSError:
                pass

    def hook(event, args):
        if event in SELF_SIGNAL_EVENTS:
            mark()

    def marking(function):   # signal functions that raise no audit event
        def wrapper(*args, **kwargs):
            mark()
            return function(*args, **kwargs)
        return wrapper

    sys.addaudithook(hook)
    for name in ("raise_signal", "pidfd_send_signal"):
        if hasattr(signal, name):
            setattr(signal, name, marking(getattr(signal, name)))


class NamespaceServer:
    """Holds the student's namespace and answers the grader's requests on it; one per forked child
    (``sandbox.client.StudentProcess`` is the grader's handle on that child)."""

    def __init__(self, shell, sock, device_ok):
        self.shell = shell
        self.sock = sock
        self.device_ok = device_ok
        self.baseline_threads = threading.active_count()
        self.channel = dependencies.Channel(sock, self._device)
        self.objects = objects.ObjectTable()

    # -- requests ----------------------------------------------------------------------

    def run_cell(self, request: dict) -> dict:
        index, source = int(request["index"]), str(request["source"])
        filename = _cell_filename(index)
        output = BoundedText()
        started = time.perf_counter()
        try:
            python = self.shell.transform_cell(source)
            linecache.cache[filename] = (len(python), None, python.splitlines(True), filename)
            code = codeprint.compile_cell(python, index)
            with redirect_stdout(output), redirect_stderr(output):
                exec(code, self.shell.user_ns)
        except BaseException as exc:  # noqa: BLE001 - the student's code may raise anything
            return {"ok": False, "error": _describe_exception(exc), "output": output.tail(),
                    "seconds": time.perf_counter() - started}
        return {"ok": True, "output": output.tail(), "seconds": time.perf_counter() - started}

    def _device(self, name: str):
        if name.startswith("cuda") and not self.device_ok:
            raise wire.WireError("CUDA is not available in the sandbox")
        return name

    def call(self, request: dict, blobs) -> tuple[dict, list[bytes]]:
        name = str(request["function"])
        function = self._target(name, request.get("object"))
        if type(function) is dict:
            return {"ok": False, "error": function}, []
        args, kwargs, resolved = self._arguments(request["args"], blobs)
        vjp = gradients.GradientCall(request["vjp"], blobs, self._device) if request.get("vjp") is not None else None
        if vjp is not None:
            args, kwargs = vjp.arguments(args, kwargs)
        names = request.get("dependencies") or []
        if type(names) is not list or not all(type(n) is str and n.isidentifier() for n in names):
            raise wire.WireError("bad dependency names")
        output = BoundedText()
        tracer = trace_api() if request.get("trace") else nullcontext(None)
        # Read before the stand-ins go in: the grader reads the notebook's own code, as it runs.
        identity = codeprint.identify(name, self.shell.user_ns) if request.get("trace") else None
        threads = len(sys._current_frames()) - 1  # Python threads the notebook left running
        saved = dependencies.install(self.shell.user_ns, names, self.channel)
        answers = {str(key): blobs[index] for key, index in request.get("answers") or []
                   if type(index) is int and 0 <= index < len(blobs)}
        self.channel.open(request.get("seq"), answers)
        started = time.perf_counter()
        try:
            with redirect_stdout(output), redirect_stderr(output):
                with tracer as trace:
                    value = function(*args, **kwargs)
                # the grader's backward pass, outside the trace: what the trace shows is the student's call
                taken = vjp.take(value) if vjp is not None else None
        except BaseException as exc:  # noqa: BLE001
            error = _describe_exception(exc)
            return {"ok": False, "error": vjp.describe_failure(error) if vjp is not None else error,
                    "output": output.tail(), "seconds": time.perf_counter() - started}, []
        finally:
            self.channel.close()
            dependencies.restore(self.shell.user_ns, saved)
        seconds = time.perf_counter() - started
        gradient_fields, gradient_part = gradients.reply_parts(taken) if taken is not None else ({}, None)
        parts = [(taken.value if taken is not None else value, False), ([list(args), kwargs], True)]
        if trace is not None:
            parts.append((dict(trace.evidence(), identity=identity, threads=threads), False))
        if gradient_part is not None:
            parts.append(gradient_part)
        if resolved:   # the objects it was given, as the call left them (a model trained in place)
            with redirect_stdout(output), redirect_stderr(output):
                parts.append((self._states(resolved), False))
        try:
            (value_tree, inputs_tree, *more), out_blobs = wire.encode_parts(parts, refer=self.objects.refer)
        except BaseException as exc:  # noqa: BLE001 - hostile objects may raise while encoded
            error = _describe_exception(exc)
            error["kind"] = "unencodable"
            return {"ok": False, "error": error, "output": output.tail(), "seconds": seconds}, []
        reply = {"ok": True, "value": value_tree, "inputs_after": inputs_tree, "output": output.tail(),
                 "api": dict(trace.counter) if trace is not None else None, "seconds": seconds}
        if trace is not None:
            reply["evidence"] = more.pop(0)
        if gradient_part is not None:
            reply.update(gradient_fields, gradients=more.pop(0))
        if resolved:
            reply["objects"] = more.pop(0)
        return reply, out_blobs

    # -- objects (``objects``): graded classes built, read and called through handles ---------

    def _target(self, name: str, handle) -> object:
        """The callable a call names (a function, ``Class.attribute``, or the method ``name`` of the
        object ``handle``), or the error dict of a reply saying why there is none."""
        try:
            if handle is not None:
                if type(handle) is not int:
                    raise wire.WireError("bad object handle")
                found = objects.method_of(self.objects.get(handle), name)
            else:
                found = objects.look_up(self.shell.user_ns, name)
        except wire.WireError:
            raise
        except BaseException as exc:  # noqa: BLE001 - a metaclass or __getattr__ of the student's raised
            return _describe_exception(exc)
        if type(found) is tuple:
            return {"kind": "missing", "type": found[0], "message": found[1], "traceback": []}
        return found

    def _arguments(self, tree, blobs) -> tuple[list, dict, list[int]]:
        """A request's ``[args, kwargs]``, with the handles of the live objects among them."""
        resolved: list[int] = []

        def resolve(handle):
            resolved.append(handle)
            return self.objects.get(handle)

        args, kwargs = wire.decode(tree, blobs, device_map=self._device, resolve_callable=testfuncs.build,
                                   resolve_object=resolve)
        return args, kwargs, list(dict.fromkeys(resolved))

    def _states(self, handles: list[int]) -> list:
        """Each object's ``state_of`` (or why it could not be read), as data."""
        states = []
        for handle in handles:
            try:
                states.append(dict(objects.state_of(self.objects.get(handle)), object=handle))
            except BaseException as exc:  # noqa: BLE001 - the student's state_dict raised
                states.append({"object": handle, "error": _describe_exception(exc)["message"] or
                               type(exc).__qualname__})
        return states

    def construct(self, request: dict, blobs) -> tuple[dict, list[bytes]]:
        """Build an instance of a graded class (or what a course test function builds) and keep it."""
        factory = request.get("factory")
        if factory is not None:
            try:
                target = testfuncs.build(str(factory))
            except LookupError as exc:
                raise wire.WireError(str(exc)) from exc
        else:
            target = self._target(str(request.get("class")), None)
            if type(target) is dict:
                return {"ok": False, "error": target}, []
            if not isinstance(target, type):
                return {"ok": False, "error": {"kind": "missing", "type": "TypeError", "traceback": [],
                                               "message": f"{request.get('class')} is not a class"}}, []
        args, kwargs, _ = self._arguments(request["args"], blobs)
        output = BoundedText()
        started = time.perf_counter()
        try:
            with redirect_stdout(output), redirect_stderr(output):
                handle = self.objects.add(target(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": _describe_exception(exc), "output": output.tail(),
                    "seconds": time.perf_counter() - started}, []
        made = type(self.objects.get(handle))
        return {"ok": True, "object": handle, "type": f"{made.__module__}.{made.__qualname__}"[:200],
                "output": output.tail(), "seconds": time.perf_counter() - started}, []

    def state(self, request: dict, blobs) -> tuple[dict, list[bytes]]:
        """An object's ``state_dict`` (tensors as data) and ``training`` flag."""
        handle = request.get("object")
        if type(handle) is not int:
            raise wire.WireError("bad object handle")
        output = BoundedText()
        started = time.perf_counter()
        try:
            with redirect_stdout(output), redirect_stderr(output):
                state = objects.state_of(self.objects.get(handle))
            tree, out_blobs = wire.encode(state, refer=self.objects.refer)
        except wire.WireError:
            raise
        except BaseException as exc:  # noqa: BLE001 - the student's state_dict raised
            return {"ok": False, "error": _describe_exception(exc), "output": output.tail(),
                    "seconds": time.perf_counter() - started}, []
        return {"ok": True, "state": tree, "output": output.tail(), "seconds": time.perf_counter() - started}, out_blobs

    def residue(self) -> bool:
        """Did student code leave threads or processes running (they would outlive the call)?"""
        if threading.active_count() > self.baseline_threads:
            return True
        me = os.getpid()
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != me:
                try:
                    with open(f"/proc/{entry}/status") as status:
                        uid_line = next(line for line in status if line.startswith("Uid:"))
                    if int(uid_line.split()[1]) == os.getuid():
                        return True
                except (OSError, StopIteration, ValueError):
                    continue
        return False

    def serve(self) -> None:
        while True:
            try:
                request, blobs = wire.read_message(self.sock)
            except EOFError:
                return
            op = request.get("op")
            if op == "cell":
                reply, out_blobs = self.run_cell(request), []
                self.baseline_threads = threading.active_count()  # top-level threads are the cells' own
            elif op in ("call", "construct", "state"):
                try:
                    reply, out_blobs = getattr(self, op)(request, blobs)
                except wire.WireError as exc:
                    reply, out_blobs = {"ok": False, "error": {"kind": "protocol", "type": "WireError",
                                                               "message": str(exc), "traceback": []}}, []
                reply["residue"] = self.residue()
            else:
                return
            reply["seq"] = request.get("seq")  # lets the grader tell a forged or stale reply
            wire.send_message(self.sock, reply, out_blobs)


def _silence_standard_streams() -> None:
    """Point fds 0-2 at /dev/null: writes that bypass sys.stdout go nowhere."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def run_child(shell, sock, spec: dict) -> None:
    """Entry point of a freshly forked child (never returns)."""
    status = 0
    try:
        os.setsid()
        os.chdir(spec["scratch"])
        os.environ["HOME"] = os.environ["TMPDIR"] = spec["scratch"]
        _apply_limits(spec.get("limits", {}))
        try:
            isolation.isolate(spec)
        except (isolation.IsolationError, OSError):
            status = isolation.ISOLATION_FAILURE_STATUS
            return
        if spec.get("isolated_fd") is not None:   # tells the server no student code ran before this
            os.write(int(spec["isolated_fd"]), b"1")
            os.close(int(spec["isolated_fd"]))
        _silence_standard_streams()
        import numpy as np
        import torch

        random.seed(0)
        np.random.seed(0)
        torch.manual_seed(0)
        # Copies that student code forks end at once: they must never answer on the
        # grader's channel, and it makes fork bombs short.
        os.register_at_fork(after_in_child=lambda: os._exit(0))
        if spec.get("evidence_fd") is not None:
            _record_self_signals(int(spec["evidence_fd"]))
        NamespaceServer(shell, sock, device_ok=spec.get("cuda", False)).serve()
    except BaseException:  # noqa: BLE001 - e.g. student code broke the request loop itself
        status = 70  # sandbox.client.WORKER_FAILURE_STATUS
    finally:
        sys.stdout.flush() if sys.stdout else None
        os._exit(status)
