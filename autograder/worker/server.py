"""Fork server: pay Python start-up and the torch import once, then fork per submission.

Started by the grader (inside bubblewrap where available) as ``python -m worker.server``
with the control socket on the fd named by PCPT_CONTROL_FD and its settings as JSON in
PCPT_WORKER_CONFIG. Control messages are single datagrams on a SOCK_SEQPACKET pair:

    grader -> server   {"op": "spawn", "id": ...} with the child's socket passed as an fd
                       {"op": "kill", "id": ...}    {"op": "check", "id": ...}    {"op": "shutdown"}
    server -> grader   {"op": "ready", ...}  {"op": "spawned", "id", "pid"}  {"op": "checked", "id", "over"}
                       {"op": "exited", "id", "returncode", "signal", "memory", "cpu_seconds",
                        "self_signal", "verified", "clean"}

Each child is a fresh fork of the preloaded server, so nothing one student's code does
(globals, monkeypatching, files in its scratch folder) survives into the next.

Ending a process never needs its cooperation. "kill" SIGKILLs it and every process of its
uid, reaps them (the server is the child subreaper, so whatever it forked comes back here)
and removes its scratch folder, all before the next request is read: a "spawn" that
follows a "kill" starts only once /proc shows nothing of the killed process alive. If that
cannot be verified the server reports it and stops (inside bubblewrap its PID namespace,
and everything in it, dies with it).

Why a uid per process and not a PID namespace per submission: each child gets a uid of
its own from this server's block, never handed out while /proc shows any process with it.
Signals, ptrace and /proc/<pid>/mem all need the same uid (or capabilities a student does
not have), so nothing a student leaves running can touch a later student, and "every
process of this submission" is exactly "every process of its uid", which also works in the
fallback sandbox without bubblewrap. A child as the init of its own PID namespace would be
shielded by the kernel from its own signals (``os.kill(os.getpid(), SIGKILL)`` would do
nothing), and a separate init would cost a second fork of the whole preloaded image.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass

from . import isolation, reaping

CONTROL_BUFFER = 65536
PR_SET_CHILD_SUBREAPER = 36
KILL_TIMEOUT = 5.0       # seconds for a killed process tree to be gone before the server gives up


def _preload(config: dict):
    """Import and warm up everything student notebooks use, before any fork."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import torch
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    torch.set_num_threads(int(config.get("threads", 1)))
    # First use of autograd, optimizers and the loss modules does lazy set-up work.
    w = torch.ones(3, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1)
    torch.nn.MSELoss()(w * 2, torch.zeros(3)).backward()
    optimizer.step()
    torch.linalg.solve(torch.eye(3) + 1, torch.ones(3))

    shell_config = Config()
    shell_config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=shell_config)

    def matplotlib_magic(line=""):
        return None  # figures already render off-screen (Agg); `%matplotlib inline` is a no-op

    shell.register_magic_function(matplotlib_magic, magic_kind="line", magic_name="matplotlib")

    from pcpt_portable import testfuncs, wire  # noqa: F401 - loaded before fork

    from . import student, tracing  # noqa: F401 - loaded before fork
    testfuncs.load(config.get("test_functions", {}))  # the course's, sent by the grader (no course files here)
    tracing.warm_up()  # the profiler's first start takes about a second: pay it once per server

    return shell


@dataclass
class Child:
    id: str
    pid: int
    uid: int | None
    scratch: str
    evidence: int                  # read end of the pipe the child's audit hook writes to
    isolated: int                  # read end of the pipe the child writes one byte to once isolated
    status: int | None = None      # wait status once reaped
    cpu_seconds: float = 0.0
    over_memory: bool = False


class Server:
    def __init__(self, config: dict, control: socket.socket, shell):
        self.config = config
        self.control = control
        self.shell = shell
        self.scratch_root = config["scratch_root"]
        self.uid_base, self.uid_count = config.get("uid_base"), int(config.get("uid_count") or 0)
        self.next_uid = 0
        self.memory_limit = config.get("limits", {}).get("total_memory_bytes")
        self.children: dict[int, Child] = {}
        self.last_memory_check = 0.0
        self.running = True

    # -- processes ----------------------------------------------------------------------

    def reap(self) -> None:
        """Collect every ended child: ours (keep the status) and orphans handed to us."""
        while True:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            child = self.children.get(pid)
            if child is not None and child.status is None:
                child.status = status
                child.cpu_seconds = usage.ru_utime + usage.ru_stime

    def _belongs(self, child: Child):
        """Which /proc entries are this child's: those of its uid; without a uid switch (the
        fallback when not root), its descendants and the orphans handed to the server that
        no other live child owns."""
        if child.uid is not None:
            return lambda info, table: child.uid in info.uids
        others = [pid for pid, c in self.children.items() if c is not child and c.status is None]
        cache: dict[int, set[int]] = {}

        def select(info, table) -> bool:
            if id(table) not in cache:
                cache.clear()
                theirs = set(others).union(*(reaping.descendants(o, table) for o in others))
                cache[id(table)] = ({child.pid} | reaping.descendants(child.pid, table)
                                    | {p for p, i in table.items() if i.ppid == os.getpid() and p not in theirs})
            return info.pid in cache[id(table)]
        return select

    def kill_child(self, child: Child) -> bool:
        """SIGKILL the child and everything of its uid; reap; True when verified gone."""
        if child.status is None:
            try:
                os.kill(child.pid, signal.SIGKILL)   # our unreaped child: the pid is still its own
            except OSError:
                pass
        gone = reaping.kill_until_gone(self._belongs(child), reap=self.reap, timeout=KILL_TIMEOUT)
        deadline = time.monotonic() + KILL_TIMEOUT
        while child.status is None and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.001)
        return gone and child.status is not None

    def finish(self, child: Child, *, verified: bool) -> None:
        """Report how the child ended and clean up after it (never raises)."""
        self.children.pop(child.pid, None)
        try:
            clean = reaping.remove_tree(child.scratch)
        except Exception:  # noqa: BLE001 - whatever was left, the server goes on (and is replaced)
            clean = False
        try:
            self_signal = bool(os.read(child.evidence, 1))
        except OSError:   # nothing written (the pipe is non-blocking)
            self_signal = False
        os.close(child.evidence)
        try:
            isolated = bool(os.read(child.isolated, 1))
        except OSError:
            isolated = False
        os.close(child.isolated)
        status = child.status if child.status is not None else 0
        _send(self.control, {
            "op": "exited", "id": child.id,
            "returncode": os.WEXITSTATUS(status) if child.status is not None and os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if child.status is not None and os.WIFSIGNALED(status) else None,
            "memory": child.over_memory, "cpu_seconds": round(child.cpu_seconds, 3),
            "self_signal": self_signal, "verified": verified, "clean": clean, "isolated": isolated,
        })
        if not verified:
            # A process we could not kill could reach the next student: stop here. Inside
            # bubblewrap the whole PID namespace dies with us; the grader starts a new server.
            print(f"fork server: processes of child {child.id} survived SIGKILL; stopping", file=sys.stderr)
            self.running = False

    def watch_memory(self) -> None:
        """Memory of all of one child's processes together (RLIMIT_AS bounds each one alone),
        memory files they hold (memfd, /dev/shm) included."""
        if not self.memory_limit or time.monotonic() - self.last_memory_check < 0.1:
            return
        live = [c for c in self.children.values() if c.status is None and c.uid is not None]
        if not live:
            return
        self.last_memory_check = time.monotonic()
        table = reaping.processes()
        for child in live:
            self.enforce_memory(child, table)

    def enforce_memory(self, child: Child, table) -> bool:
        """Kill ``child`` (reported as over memory) when all its processes together, memory
        files included, exceed the limit; True when it did."""
        mine = [info for info in table.values() if child.uid in info.uids]
        files: dict = {}
        for info in mine:   # memfd and /dev/shm files count once, however many hold them
            reaping.shared_memory(info.pid, files)
        if sum(info.rss_bytes for info in mine) + sum(files.values()) <= self.memory_limit:
            return False
        child.over_memory = True
        self.finish(child, verified=self.kill_child(child))
        return True

    def check_memory(self, request: dict) -> None:
        """Answer "check" (the grader asks before it accepts a call's reply): memory filled
        and kept between two samples of the watch cannot carry a result through."""
        over = False
        for child in list(self.children.values()):
            if child.id == str(request.get("id")) and child.status is None and child.uid is not None \
                    and self.memory_limit:
                over = self.enforce_memory(child, reaping.processes())
        _send(self.control, {"op": "checked", "id": str(request.get("id")), "over": over})

    def allocate_uid(self) -> int | None:
        """The next uid of our block that no process (not even a zombie) has."""
        if self.uid_base is None:
            return None
        busy = reaping.uids_in_use() | {c.uid for c in self.children.values()}
        for _ in range(self.uid_count):
            uid = self.uid_base + self.next_uid
            self.next_uid = (self.next_uid + 1) % self.uid_count
            if uid not in busy:
                return uid
        raise RuntimeError("every student uid of this server is still in use")

    # -- requests -----------------------------------------------------------------------

    def spawn(self, request: dict, fd: int) -> None:
        from .student import run_child

        child_id = str(request["id"])
        try:
            uid = self.allocate_uid()
            scratch = os.path.join(self.scratch_root, "s-" + "".join(c for c in child_id if c.isalnum()))
            reaping.remove_tree(scratch)
            os.makedirs(scratch, mode=0o700)
            if uid is not None:
                os.chown(scratch, uid, uid)
            evidence_read, evidence_write = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
            isolated_read, isolated_write = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
        except Exception:
            # No clean start for a student (a full scratch file system, no free uid): stop, so
            # that the grader starts a fresh server at once instead of waiting for an answer.
            os.close(fd)
            self.running = False
            raise
        spec = dict(self.config, scratch=scratch, cuda=bool(request.get("cuda")), uid=uid, gid=uid,
                    evidence_fd=evidence_write, isolated_fd=isolated_write)
        pid = os.fork()
        if pid == 0:
            self.control.close()
            os.close(evidence_read)
            os.close(isolated_read)
            run_child(self.shell, socket.socket(fileno=fd), spec)
        os.close(fd)
        os.close(evidence_write)
        os.close(isolated_write)
        self.children[pid] = Child(child_id, pid, uid, scratch, evidence_read, isolated_read)
        _send(self.control, {"op": "spawned", "id": child_id, "pid": pid})

    def kill(self, request: dict) -> None:
        for child in list(self.children.values()):
            if child.id == str(request.get("id")):
                self.finish(child, verified=self.kill_child(child))

    def step(self) -> None:
        """One turn of the loop: enforce memory, end finished children, answer one request."""
        self.watch_memory()
        self.end_finished()
        if not self.running:
            return
        readable, _, _ = select.select([self.control], [], [], 0.02)
        if not readable:
            return
        data, fds, _flags, _addr = socket.recv_fds(self.control, CONTROL_BUFFER, 1)
        if not data:  # the grader went away
            self.running = False
            return
        self.handle(json.loads(data), fds)

    def end_finished(self) -> None:
        self.reap()
        for child in [c for c in self.children.values() if c.status is not None]:
            # It ended by itself: whatever it started dies with it before anyone is told.
            self.finish(child, verified=self.kill_child(child))

    def handle(self, request: dict, fds: list[int]) -> None:
        """Answer one control request; file descriptors it does not take are closed."""
        op = request.get("op")
        if op == "spawn" and fds:
            self.spawn(request, fds[0])
            fds = fds[1:]
        elif op == "kill":
            self.kill(request)
        elif op == "check":
            self.check_memory(request)
        elif op == "shutdown":
            self.running = False
        for fd in fds:
            os.close(fd)

    def serve(self) -> None:
        """Run until shut down or the grader is gone, then kill every child left."""
        while self.running:
            try:
                self.step()
            except (BrokenPipeError, ConnectionError):
                break   # the grader is gone
            except Exception as exc:  # noqa: BLE001 - one bad request or clean-up never ends the server
                print(f"fork server: {type(exc).__name__}: {exc}", file=sys.stderr)
        self.stop()

    def stop(self) -> None:
        for child in list(self.children.values()):
            self.kill_child(child)


def _send(sock, message: dict) -> None:
    sock.send(json.dumps(message).encode())


def _become_subreaper() -> None:
    """Orphans of student processes (double forks, daemons) are re-parented to us, so we reap them."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def probe_isolation(server: Server) -> str | None:
    """Run every isolation step once in a throw-away child, and look at what it then sees:
    a sandbox that cannot isolate a student never reports ready (None when all is well)."""
    uid = server.allocate_uid()
    scratch = os.path.join(server.scratch_root, "s-probe")
    os.makedirs(scratch, mode=0o700, exist_ok=True)
    if uid is not None:
        os.chown(scratch, uid, uid)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            isolation.isolate(dict(server.config, scratch=scratch, uid=uid, gid=uid))
            for folder in server.config.get("keep") or ():
                try:
                    os.listdir(folder)
                except OSError as exc:
                    raise isolation.IsolationError(f"the student process cannot read {folder} ({exc.strerror})")
            interfaces = [name for _, name in socket.if_nameindex() if name != "lo"]
            if interfaces:
                raise isolation.IsolationError(f"the student process still sees network interfaces {interfaces}")
            problem = b""
        except BaseException as exc:  # noqa: BLE001 - reported, never raised past the fork
            problem = (str(exc) or type(exc).__name__).encode()[:500]
        os.write(write_end, problem)
        os._exit(isolation.ISOLATION_FAILURE_STATUS if problem else 0)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as said:
        problem = said.read().decode(errors="replace")
    reaping.remove_tree(scratch)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and not problem:
        return None
    return problem or f"the isolation probe ended with wait status {status}"


def main() -> None:
    config = json.loads(os.environ["PCPT_WORKER_CONFIG"])
    control = socket.socket(fileno=int(os.environ["PCPT_CONTROL_FD"]))
    started = time.perf_counter()
    server = Server(config, control, None)
    problem = probe_isolation(server)   # first: a sandbox that cannot isolate fails fast
    if problem:
        print(f"cannot isolate student code: {problem}", file=sys.stderr)
        sys.exit(isolation.ISOLATION_FAILURE_STATUS)
    server.shell = _preload(config)
    _become_subreaper()
    _send(control, {"op": "ready", "pid": os.getpid(), "seconds": time.perf_counter() - started,
                    "python": sys.version.split()[0]})
    server.serve()


if __name__ == "__main__":
    main()
