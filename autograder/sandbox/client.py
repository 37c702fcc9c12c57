"""Grader-side handles on the fork server and on one student process.

Nothing here imports pytest or knows about grading: callers get typed results
(``CellResult``, ``CallResult`` with a ``StudentError`` whose ``kind`` says what
happened) and ``SandboxError`` when the sandbox itself cannot work.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Protocol

import torch

from pcpt_portable.messages import (BROKEN_WORKER_MESSAGE, CPU_MESSAGE, CRASH_MESSAGE, EXTERNAL_KILL_MESSAGE, MEMORY_LIMIT_MESSAGE,
                        SERVER_GONE_MESSAGE, STATE_NOT_A_DICT, STATE_NOT_A_TENSOR, STATE_RAISED, TIMEOUT_MESSAGE)
from pcpt_portable import gradients, wire

from ..errors import SandboxError
from ..worker import reaping
from ..worker.isolation import ISOLATION_FAILURE_STATUS
from .launch import Launch, SandboxSetupError, build_launch, require_isolation
from ..course import Course
from .limits import Limits

SERVER_START_TIMEOUT = 120.0
EXIT_REPORT_WAIT = 3.0

WORKER_FAILURE_STATUS = 70  # the worker's own exit status when its request loop fails
# Signals the kernel sends a process for what its own code did (faults, its own limits and timers).
STUDENT_CAUSED_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL, signal.SIGABRT,
                                    signal.SIGSYS, signal.SIGTRAP, signal.SIGXCPU, signal.SIGXFSZ, signal.SIGPIPE,
                                    signal.SIGALRM, signal.SIGVTALRM, signal.SIGPROF})


@dataclass
class StudentError:
    """Why a cell or a call did not produce a value.

    kind: "exception" (the code raised), "missing" (no such function), "state" (an object's
    ``state_dict`` raised; the message says so), "timeout",
    "memory", "crashed" (the process died), "unencodable" (the value cannot cross
    the sandbox boundary), "protocol" (malformed data came back), "internal" (the
    process was killed from outside or the sandbox failed: not the student's doing;
    the server's ``fault`` says why and the submission must be graded again).
    """

    kind: str
    type: str = ""
    message: str = ""
    traceback: list = field(default_factory=list)

    def summary(self) -> str:
        if self.kind == "exception":
            return f"{self.type}: {self.message}" if self.message else self.type
        return self.message

    @classmethod
    def from_reply(cls, error: dict, limits: Limits) -> "StudentError":
        made = cls(kind=str(error.get("kind", "exception")), type=str(error.get("type", ""))[:200],
                   message=str(error.get("message", ""))[:2000],
                   traceback=[str(line)[:500] for line in list(error.get("traceback", []))[:10]])
        if made.type == "MemoryError" or "can't allocate memory" in made.message:
            made.kind, made.message = "memory", MEMORY_LIMIT_MESSAGE.format(limit=limits.describe_memory())
        return made


@dataclass
class CellResult:
    index: int
    ok: bool
    error: StudentError | None = None
    output: str = ""
    seconds: float = 0.0


@dataclass
class ObjectState:
    """A live object's state as data: its ``state_dict`` (names to tensors), its ``training``
    flag, or ``problem``, why the state cannot be read (a value that is not a tensor, ...)."""

    state: dict | None = None
    training: bool | None = None
    problem: str | None = None

    @classmethod
    def from_data(cls, data, owner: str) -> "ObjectState":
        """Check what a student process sent (``worker.objects.state_of``): anything but a dict of
        tensors and a bool is a problem of the student's class, worded for them."""
        if type(data) is not dict:
            raise wire.WireError("a malformed object state")
        training = data.get("training") if type(data.get("training")) is bool else None
        if "error" in data:
            return cls(None, training, STATE_RAISED.format(owner=owner, error=str(data["error"])[:500]))
        state = data.get("state")
        if state is None:
            return cls(None, training)
        if isinstance(state, wire.Unsupported):
            return cls(None, training, STATE_NOT_A_DICT.format(owner=owner, type=state.type_name))
        if type(state) is not dict:
            raise wire.WireError("a malformed object state")
        for key, value in state.items():
            if not isinstance(value, torch.Tensor):
                kind = value.type_name if isinstance(value, wire.Unsupported) else type(value).__name__
                return cls(None, training, STATE_NOT_A_TENSOR.format(owner=owner, key=str(key)[:100], type=kind))
        return cls(state, training)


@dataclass
class CallResult:
    """What one call of a student function produced, as plain data."""

    ok: bool
    value: object = None
    inputs_after: object = None       # [args, kwargs] after the call, tensors with their .grad
    api: dict | None = None           # names recorded by worker.tracing when asked for
    evidence: dict | None = None      # worker.tracing's evidence of how the value was computed, when traced
    objects: dict | None = None       # {handle: ObjectState} of the live objects passed in, after the call
    output: str = ""
    seconds: float = 0.0
    error: StudentError | None = None
    # A gradient call's (``vjp=``): per floating tensor of the value, whether it was attached to the
    # graph; per ``wrt`` path, the gradient (None where none flows). ``gradients`` is None when the
    # value's tensors did not fit the grad_outputs (a value check says what differs).
    attached: list | None = None
    gradients: list | None = None


class NestedHandler(Protocol):
    """Answers the nested requests of one call (``submission.DependencyServer`` is one)."""

    names: tuple[str, ...]
    answers: list[tuple[str, bytes]]   # replies prepared ahead (worker.dependencies), sent with the call

    def handle(self, header: dict, blobs: list[bytes], deadline: float) -> tuple[dict, list[bytes]]:
        """The reply to one nested request; raises wire.WireError when it is malformed and
        TimeoutError when ``deadline`` (time.monotonic) passes while it is answered."""


def _object_states(data, owners: dict) -> dict:
    """``{handle: ObjectState}`` from a call reply's ``objects``."""
    if type(data) is not list or not all(type(entry) is dict and type(entry.get("object")) is int for entry in data):
        raise wire.WireError("malformed object states")
    return {entry["object"]: ObjectState.from_data(entry, owners.get(entry["object"], "object")) for entry in data}


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class StudentProcess:
    """One forked child: run cells in order, then call functions defined by them."""

    def __init__(self, server: "ForkServer", child_id: str, sock: socket.socket, pid: int):
        self.server = server
        self.id = child_id
        self.sock = sock
        self.pid = pid
        self.alive = True
        self.death: StudentError | None = None
        self.seq = 0
        self.tainted = False   # student code left threads or processes running: do not reuse
        self.closed = False    # the server was told to kill it (its exit report is not needed)
        self.exit_seen = False  # its exit report was read

    def _request(self, header: dict, blobs, timeout: float,
                 nested: "NestedHandler | None" = None) -> tuple[dict, list[bytes]] | StudentError:
        """Send one request and wait for its reply; ``nested`` answers the requests the call makes meanwhile.

        Nested requests (a stand-in dependency asking the grader for a value) share the
        call's deadline; one that ``nested`` rejects (WireError) kills the process like
        any other malformed message.
        """
        if not self.alive:
            return self.death or StudentError("crashed", message=CRASH_MESSAGE.format(how="earlier"))
        deadline = time.monotonic() + timeout
        self.seq += 1
        header = dict(header, seq=self.seq)
        try:
            wire.send_message(self.sock, header, blobs)
            while True:
                ready, _, _ = select.select([self.sock], [], [], max(deadline - time.monotonic(), 0))
                if not ready:
                    raise TimeoutError
                # The whole reply must arrive before the deadline: a trickle of bytes cannot stretch it.
                reply = wire.read_message(self.sock, self.server.limits.max_result_bytes, deadline=deadline)
                if "op" not in reply[0]:
                    break
                if nested is None or reply[0].get("seq") != self.seq:
                    raise wire.WireError("a request the grader did not expect")
                try:
                    answer, answer_blobs = nested.handle(reply[0], reply[1], deadline)
                except (wire.WireError, TimeoutError):
                    raise
                except BaseException:  # the grader's own failure: the process is mid-call, end it
                    self.server.kill(self)
                    self._died(StudentError("crashed", message=CRASH_MESSAGE.format(how="grading stopped")))
                    raise
                self.sock.settimeout(max(deadline - time.monotonic(), 0.001))  # a reader that stalls cannot block us
                wire.send_message(self.sock, answer, answer_blobs)
            self.sock.settimeout(None)
            if reply[0].get("seq") != self.seq:  # forged, or left over from an earlier request
                raise wire.WireError("a reply that answers no request")
            return reply
        except TimeoutError:  # socket.timeout is TimeoutError: a stalled or trickled reply
            return self._died(StudentError("timeout", message=TIMEOUT_MESSAGE.format(seconds=timeout)))
        except (EOFError, ConnectionError, OSError):
            self.exit_seen = True
            return self._died(self.server.exit_error(self))
        except wire.WireError as exc:
            return self._died(StudentError("protocol", message=f"the process sent malformed data ({exc})"))

    def _reply(self, header: dict, blobs, timeout: float,
               nested: "NestedHandler | None" = None) -> tuple[dict, list[bytes]] | StudentError:
        """``_request``, then what every reply to a student call needs before it is read: the process is
        measured (a reply is accepted only from a process within its memory) and its leftovers noted."""
        reply = self._request(header, blobs, timeout, nested)
        if isinstance(reply, StudentError):
            return reply
        if self.server.over_memory(self):
            self.exit_seen = True
            return self._died(self.server.exit_error(self))
        if reply[0].get("residue"):
            self.tainted = True
        return reply

    def _died(self, error: StudentError) -> StudentError:
        """The process ended or must end now; ``close`` has the server kill what is left."""
        self.death = error
        self.close()
        return error

    def run_cell(self, index: int, source: str, timeout: float) -> CellResult:
        reply = self._request({"op": "cell", "index": index, "source": source}, (), timeout)
        if isinstance(reply, StudentError):
            return CellResult(index, False, reply)
        header, _ = reply
        error = None if header.get("ok") else StudentError.from_reply(header.get("error", {}), self.server.limits)
        return CellResult(index, bool(header.get("ok")), error, str(header.get("output", ""))[-4000:],
                          float(header.get("seconds", 0.0)))

    def call(self, function: str, args=(), kwargs=None, *, timeout: float, trace: bool = False,
             device_map=None, dependencies: "NestedHandler | None" = None, vjp: dict | None = None,
             target: int | None = None, owners: dict | None = None) -> CallResult:
        """Call ``function``; ``dependencies`` serves the stand-ins for the graded functions it uses;
        ``vjp`` (``{"wrt": paths, "grad_outputs": tensors}``) asks for the gradients too (``worker.gradients``).
        With ``target`` (a live object's handle), ``function`` is that object's method; ``owners``
        (``{handle: class name}``) names the objects passed in, in messages about their state."""
        parts = [([list(args), dict(kwargs or {})], False)] + ([(vjp["grad_outputs"], False)] if vjp else [])
        (tree, *grad_outputs), blobs = wire.encode_parts(parts)
        request = {"op": "call", "function": function, "args": tree, "trace": trace}
        if vjp:
            request["vjp"] = {"wrt": [list(path) for path in vjp["wrt"]], "grad_outputs": grad_outputs[0]}
        if target is not None:
            request["object"] = target
        if dependencies is not None:
            request["dependencies"] = list(dependencies.names)
            request["answers"] = [[key, len(blobs) + number] for number, (key, _) in enumerate(dependencies.answers)]
            blobs = blobs + [sealed for _, sealed in dependencies.answers]
        reply = self._reply(request, blobs, timeout, dependencies)
        if isinstance(reply, StudentError):
            return CallResult(False, error=reply)
        header, reply_blobs = reply
        if not header.get("ok"):
            return CallResult(False, output=str(header.get("output", ""))[-4000:],
                              seconds=float(header.get("seconds", 0.0)),
                              error=StudentError.from_reply(header.get("error", {}), self.server.limits))
        try:
            decode = dict(max_numel=self.server.limits.max_result_elements)
            if device_map is not None:
                decode["device_map"] = device_map
            trees = [header.get("value"), header.get("inputs_after")] + ([header["evidence"]] if "evidence" in header else [])
            if vjp:
                trees.append(header.get("gradients"))
            trees += [header["objects"]] if "objects" in header else []
            value, inputs_after, *more = wire.decode_parts(trees, reply_blobs, **decode)
            evidence = more.pop(0) if "evidence" in header else None
            attached, grads = gradient_reply(header, more.pop(0), vjp, args, kwargs or {}) if vjp else (None, None)
            objects = _object_states(more.pop(0), owners or {}) if "objects" in header else None
        except wire.WireError as exc:
            return CallResult(False, error=StudentError("protocol", message=f"the returned value cannot be read: {exc}"))
        api = header.get("api")
        return CallResult(True, value=value, inputs_after=inputs_after, evidence=evidence, objects=objects,
                          api={str(k): int(v) for k, v in api.items()} if isinstance(api, dict) else None,
                          output=str(header.get("output", ""))[-4000:], seconds=float(header.get("seconds", 0.0)),
                          attached=attached, gradients=grads)

    def construct(self, class_name: str | None, args=(), kwargs=None, *, timeout: float,
                  factory: str | None = None) -> tuple[int, str] | StudentError:
        """Build ``class_name(*args, **kwargs)`` (or what the course test function ``factory`` builds)
        in the process; its handle and its type's name, or why there is none."""
        tree, blobs = wire.encode([list(args), dict(kwargs or {})])
        request = {"op": "construct", "args": tree}
        request.update({"factory": factory} if factory is not None else {"class": class_name})
        reply = self._reply(request, blobs, timeout)
        if isinstance(reply, StudentError):
            return reply
        header, _ = reply
        if not header.get("ok"):
            return StudentError.from_reply(header.get("error", {}), self.server.limits)
        handle = header.get("object")
        if type(handle) is not int:
            return self._died(StudentError("protocol", message="the process sent malformed data (no object handle)"))
        return handle, str(header.get("type", ""))[:200]

    def state(self, handle: int, owner: str, *, timeout: float, device_map=None) -> ObjectState | StudentError:
        """The ``state_dict`` and ``training`` flag of the live object ``handle``."""
        reply = self._reply({"op": "state", "object": handle}, (), timeout)
        if isinstance(reply, StudentError):
            return reply
        header, reply_blobs = reply
        if not header.get("ok"):
            error = StudentError.from_reply(header.get("error", {}), self.server.limits)
            if error.kind == "exception":
                error.message = STATE_RAISED.format(owner=owner, error=error.summary())
                error.kind, error.type = "state", ""
            return error
        try:
            decode = dict(max_numel=self.server.limits.max_result_elements)
            if device_map is not None:
                decode["device_map"] = device_map
            return ObjectState.from_data(wire.decode(header.get("state"), reply_blobs, **decode), owner)
        except wire.WireError as exc:
            return StudentError("protocol", message=f"the object's state cannot be read: {exc}")

    def close(self) -> None:
        """End the process for certain: the server kills it and everything of its uid, and
        handles any later request (the next spawn) only once that is verified. Nothing here
        relies on the student's code answering."""
        if not self.closed:
            self.closed = True
            self.alive = False
            if not self.exit_seen:
                self.server.kill(self)
        try:
            self.sock.close()
        except OSError:
            pass


def gradient_reply(header: dict, grads, vjp: dict, args, kwargs) -> tuple[list, list | None]:
    """A gradient call's ``attached`` flags and gradients, checked against what was asked
    (``wire.WireError`` otherwise): one flag per grad_output, and per path None or a tensor
    of that argument's shape and dtype."""
    attached = header.get("attached")
    if type(attached) is not list or len(attached) > wire.MAX_ITEMS or not all(type(a) is bool for a in attached):
        raise wire.WireError("bad attached flags")
    if header.get("gradients_fit") is not True:
        return attached, None
    if len(attached) != len(vjp["grad_outputs"]):
        raise wire.WireError("attached flags that do not match the grad_outputs")
    leaves = [gradients.at_path(args, kwargs, tuple(path)) for path in vjp["wrt"]]
    if type(grads) is not list or len(grads) != len(leaves) or not all(
            g is None or (isinstance(g, torch.Tensor) and not g.requires_grad and g.shape == leaf.shape
                          and g.dtype == leaf.dtype) for g, leaf in zip(grads, leaves)):
        raise wire.WireError("gradients that do not match the arguments")
    return attached, [None if g is None else g.to(leaf.device) for g, leaf in zip(grads, leaves)]


class ForkServer:
    """A sandboxed server process that forks one fresh student process per request."""

    _ids = itertools.count()

    def __init__(self, limits: Limits | None = None, *, sandbox: str = "auto", cuda: bool = False,
                 threads: int = 1, course: Course, wait: bool = True):
        """Launch the server for ``course`` (hidden from the sandbox; its test functions are sent to it
        as source); unless ``wait`` is false, wait until it is ready. With ``wait=False``
        the server preloads (torch, IPython) while the caller does other work, and the caller must
        call ``wait_ready()`` before using it."""
        self.limits = limits or Limits()
        self.cuda = cuda
        require_isolation(sandbox)   # never a silent fallback: the weaker sandbox runs only when named
        self._tmp = tempfile.TemporaryDirectory(prefix="pcpt-sandbox-")
        control, remote = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = control
        try:
            launch: Launch = build_launch(self.limits, course, use_bwrap=(sandbox != "process"), cuda=cuda,
                                          threads=threads, control_fd=remote.fileno(),
                                          process_scratch=self._tmp.name)
        except SandboxSetupError:   # a SandboxError
            control.close()
            remote.close()
            self._tmp.cleanup()
            raise
        self.kind = launch.kind
        env = launch.env or None
        try:
            self.process = subprocess.Popen(launch.argv, env=env, pass_fds=(remote.fileno(),),
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise SandboxError(f"cannot start the sandbox: {exc}") from exc
        remote.close()
        self.uids = launch.uids
        self.exits: dict[str, dict] = {}
        self.closed_ids: set[str] = set()
        self.fault: str | None = None       # why the current submission cannot be trusted (see begin)
        self.needs_restart = False          # a fresh server must be started before the next submission
        self.start_seconds: float | None = None
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        """Wait for the server's "ready" (once); a server that never gets there is closed and a SandboxError."""
        if self.start_seconds is not None:
            return
        ready = self._next_event(SERVER_START_TIMEOUT, want="ready")
        if ready is None:
            detail = self._stderr_tail()
            self.close()
            raise SandboxError(f"the {self.kind} sandbox did not start: {detail}")
        self.start_seconds = float(ready.get("seconds", 0.0))

    def _stderr_tail(self) -> str:
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "no answer"
        try:
            return self.process.stderr.read().decode(errors="replace")[-1500:] or f"exit {self.process.returncode}"
        except (OSError, ValueError):
            return "unknown"

    def _next_event(self, timeout: float, want: str, child_id: str | None = None) -> dict | None:
        """Read control messages until one with op ``want`` (for ``child_id``) arrives."""
        deadline = time.monotonic() + timeout
        while True:
            if want == "exited" and child_id in self.exits:
                return self.exits.pop(child_id)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.control], [], [], remaining)
            if not ready:
                return None
            try:
                data = self.control.recv(65536)
            except OSError:
                data = b""
            if not data:
                self.needs_restart = True
                return None
            event = json.loads(data)
            if event.get("op") == "exited":
                self._exited(event)
                if want == "exited" and event.get("id") == child_id:
                    self.closed_ids.discard(child_id)
                    return self.exits.pop(child_id, event)
                continue
            if event.get("op") == want and (child_id is None or event.get("id") == child_id):
                return event

    def _exited(self, event: dict) -> None:
        if not event.get("verified", True):
            self.fault = f"the processes of a student could not be killed (child {event.get('id')})"
            self.needs_restart = True
        if not event.get("clean", True):
            self.needs_restart = True   # a fresh server starts with an empty scratch file system
        child_id = str(event.get("id"))
        if child_id in self.closed_ids:
            self.closed_ids.discard(child_id)
        else:
            self.exits[child_id] = event

    def begin(self) -> None:
        """A new submission starts: earlier faults were accounted for."""
        self.fault = None

    def _fail(self, reason: str) -> StudentError:
        """Record an infrastructure fault: every later spawn of this submission is refused."""
        self.fault = self.fault or reason
        return StudentError("internal", message=reason)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def spawn(self) -> StudentProcess:
        if self.fault:
            raise SandboxError(self.fault)
        if not self.alive:
            self.needs_restart = True
            raise SandboxError(self._fail("the sandbox server is not running").message)
        child_id = f"{os.getpid()}x{next(self._ids)}"
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            socket.send_fds(self.control, [json.dumps({"op": "spawn", "id": child_id, "cuda": self.cuda}).encode()],
                            [theirs.fileno()])
        except OSError as exc:
            self.needs_restart = True
            raise SandboxError(self._fail(f"the sandbox server stopped answering: {exc}").message) from exc
        finally:
            theirs.close()
        event = self._next_event(30.0, want="spawned", child_id=child_id)
        if event is None:
            mine.close()
            self.needs_restart = True
            raise SandboxError(self._fail("the sandbox server did not start a process").message)
        return StudentProcess(self, child_id, mine, int(event["pid"]))

    def kill(self, child: StudentProcess) -> None:
        """Have the server kill ``child`` and everything of its uid (idempotent)."""
        if child.closed:
            self.closed_ids.add(child.id)
            if child.id in self.exits:   # its report already arrived
                self.exits.pop(child.id)
                self.closed_ids.discard(child.id)
        try:
            self.control.send(json.dumps({"op": "kill", "id": child.id}).encode())
        except OSError:
            self.needs_restart = True

    def over_memory(self, child: StudentProcess) -> bool:
        """Ask the server to measure ``child`` now; True when it was over its memory and killed."""
        try:
            self.control.send(json.dumps({"op": "check", "id": child.id}).encode())
        except OSError:
            self.needs_restart = True
            return False
        event = self._next_event(10.0, want="checked", child_id=child.id)
        return bool(event and event.get("over"))

    def exit_error(self, child: StudentProcess) -> StudentError:
        """Explain why ``child`` stopped, from the server's report of its exit status.

        The student's: an exit status, a signal the kernel sends for what its code did, its
        memory or CPU limit, or any signal after it used ways to send one (recorded by its
        audit hook). Anything else, or no report at all, is an infrastructure fault.
        """
        event = self._next_event(EXIT_REPORT_WAIT, want="exited", child_id=child.id)
        if event is None and self.alive and not self.needs_restart:
            # Still running with its channel closed (student code closed or hijacked it): end it.
            self.kill(child)
            if self._next_event(EXIT_REPORT_WAIT, want="exited", child_id=child.id) is not None:
                return StudentError("crashed", message=CRASH_MESSAGE.format(how="it closed the grader's channel"))
        if event is None:
            detail = "no exit report" if self.alive else f"exit status {self.process.returncode}"
            self.needs_restart = True
            return self._fail(SERVER_GONE_MESSAGE.format(detail=detail))
        number = event.get("signal")
        if event.get("memory"):
            return StudentError("memory", message=MEMORY_LIMIT_MESSAGE.format(limit=self.limits.describe_memory()))
        if number == signal.SIGXCPU or (number is not None
                                        and float(event.get("cpu_seconds") or 0) >= self.limits.cpu_seconds - 0.5):
            return StudentError("timeout", message=CPU_MESSAGE.format(seconds=self.limits.cpu_seconds))
        if number is not None:
            if int(number) in STUDENT_CAUSED_SIGNALS or event.get("self_signal"):
                return StudentError("crashed", message=CRASH_MESSAGE.format(how="killed by " + _signal_name(int(number))))
            return self._fail(EXTERNAL_KILL_MESSAGE.format(signal=_signal_name(int(number))))
        code = event.get("returncode")
        if code == ISOLATION_FAILURE_STATUS and not event.get("isolated", True):   # no student code ran
            self.needs_restart = True
            return self._fail("the sandbox could not isolate a student process (an isolation step failed)")
        if code == WORKER_FAILURE_STATUS:
            return StudentError("crashed", message=BROKEN_WORKER_MESSAGE)
        how = f"it exited with status {code}" if code is not None else "no exit status"
        return StudentError("crashed", message=CRASH_MESSAGE.format(how=how))

    def close(self) -> None:
        try:
            self.control.send(json.dumps({"op": "shutdown"}).encode())
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.kind == "process" and self.uids:
            # Without bubblewrap nothing dies with the server: end its students' processes here.
            first, count = self.uids
            reaping.kill_until_gone(lambda info, table: any(first <= uid < first + count for uid in info.uids))
        self.control.close()
        if self.process.stderr:
            self.process.stderr.close()
        self._tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
