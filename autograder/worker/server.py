"""Fork server: pay Python start-up and the torch import once, then fork per submission.

Started by the grader (inside bubblewrap where available) as ``python -m worker.server``
with the control socket on the fd named by PCPT_CONTROL_FD and its settings as JSON in
PCPT_WORKER_CONFIG. Control messages are single datagrams on a SOCK_SEQPACKET pair:

    grader -> server   {"op": "spawn", "id": ...} with the child's socket passed as an fd
                       {"op": "kill", "id": ...}    {"op": "shutdown"}
    server -> grader   {"op": "ready", ...}  {"op": "spawned", "id", "pid"}
                       {"op": "exited", "id", "returncode", "signal"}

Each child is a fresh fork of the preloaded server, so nothing one student's code does
(globals, monkeypatching, files in its scratch folder) survives into the next.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import sys
import time

CONTROL_BUFFER = 65536


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

    from . import student, testfuncs, tracing, wire  # noqa: F401 - loaded before fork
    tracing.warm_up()  # the profiler's first start takes about a second: pay it once per server

    return shell


def _student_processes(uid) -> dict[int, int]:
    """``{pid: resident bytes}`` of every process of the student uid in this PID namespace."""
    found = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                uids = next(line for line in status if line.startswith("Uid:")).split()[1:]
            if int(uids[0]) == uid:
                with open(f"/proc/{entry}/statm") as statm:
                    found[int(entry)] = int(statm.read().split()[1]) * page
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return found


def _sweep_leftovers(uid, live: set[int]) -> None:
    """Kill processes of the student uid that no live child owns (daemons, escaped forks).

    Each child leads its own session (it calls setsid), so a process belongs to a live
    child when its pid or its session id is that child's pid. A child forked a moment
    ago may not have called setsid yet; its own pid keeps it safe. Passes repeat until
    one finds nothing, so processes that keep forking are caught too (RLIMIT_NPROC
    bounds how many there can be).
    """
    if uid is None:  # each server's students have a uid of their own (launch.student_uid)
        return
    for _ in range(50):
        killed = 0
        for pid in _student_processes(uid):
            try:
                if pid not in live and os.getsid(pid) not in live:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
            except OSError:
                continue
        if not killed:
            return
        time.sleep(0.01)


def _send(sock, message: dict) -> None:
    sock.send(json.dumps(message).encode())


def main() -> None:
    config = json.loads(os.environ["PCPT_WORKER_CONFIG"])
    control = socket.socket(fileno=int(os.environ["PCPT_CONTROL_FD"]))
    started = time.perf_counter()
    shell = _preload(config)
    from .student import run_child

    uid = config.get("uid")
    scratch_root = config["scratch_root"]
    _send(control, {"op": "ready", "pid": os.getpid(), "seconds": time.perf_counter() - started,
                    "python": sys.version.split()[0]})
    children: dict[int, tuple[str, str]] = {}
    memory_limit = config.get("limits", {}).get("total_memory_bytes")
    over_memory: set[int] = set()
    last_check = 0.0

    while True:
        # Memory of all the student's processes together (RLIMIT_AS bounds each one alone).
        if memory_limit and uid is not None and children and time.monotonic() - last_check > 0.1:
            last_check = time.monotonic()
            if sum(_student_processes(uid).values()) > memory_limit:
                for pid in children:
                    over_memory.add(pid)
                    for kill in (os.killpg, os.kill):
                        try:
                            kill(pid, signal.SIGKILL)
                        except OSError:
                            pass
                _sweep_leftovers(uid, set())
        # Reap finished children and report how each one ended.
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            child_id, scratch = children.pop(pid, (None, None))
            if child_id is None:
                continue
            _sweep_leftovers(uid, set(children))
            shutil.rmtree(scratch, ignore_errors=True)
            _send(control, {
                "op": "exited", "id": child_id,
                "returncode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "memory": pid in over_memory,
            })
            over_memory.discard(pid)

        readable, _, _ = select.select([control], [], [], 0.02)
        if not readable:
            continue
        data, fds, _flags, _addr = socket.recv_fds(control, CONTROL_BUFFER, 1)
        if not data:  # the grader went away
            break
        request = json.loads(data)
        op = request.get("op")
        if op == "spawn":
            _sweep_leftovers(uid, set(children))  # the next student starts with nothing left over
            child_id = str(request["id"])
            scratch = os.path.join(scratch_root, "s-" + "".join(c for c in child_id if c.isalnum()))
            os.makedirs(scratch, mode=0o700, exist_ok=True)
            if uid is not None and os.getuid() == 0:
                os.chown(scratch, uid, config.get("gid", uid))
            spec = dict(config, scratch=scratch, cuda=bool(request.get("cuda")))
            pid = os.fork()
            if pid == 0:
                control.close()
                run_child(shell, socket.socket(fileno=fds[0]), spec)
            os.close(fds[0])
            children[pid] = (child_id, scratch)
            _send(control, {"op": "spawned", "id": child_id, "pid": pid})
        elif op == "kill":
            for pid, (child_id, _) in children.items():
                if child_id == str(request.get("id")):
                    for kill in (os.killpg, os.kill):
                        try:
                            kill(pid, signal.SIGKILL)
                        except OSError:
                            pass
        elif op == "shutdown":
            break
        for fd in fds if op != "spawn" else ():
            os.close(fd)

    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    _sweep_leftovers(uid, set())


if __name__ == "__main__":
    main()
