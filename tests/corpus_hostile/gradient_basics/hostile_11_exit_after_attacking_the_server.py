# %% new
# Attacks on the fork server from a top-level cell: stop or kill the parent and pid 1,
# fill the shared scratch file system, then carry on (every call fails with EPERM or ENOSPC).
import os
import signal

for target in (os.getppid(), 1):
    for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(target, sig)
        except OSError:
            pass
try:
    with open("filler", "wb") as filler:
        while True:
            filler.write(b"\0" * (1 << 20))
except OSError:
    pass
os.remove("filler")

# %% step_autograd
import os


def step_autograd(theta, x, y, lr):
    # A scratch tree the server's clean-up must survive, then leave without a word.
    start = os.getcwd()
    for level in range(1600):
        os.mkdir("d")
        os.chdir("d")
        if level % 100 == 0:
            with open("f", "w") as handle:
                handle.write("x")
            os.chmod(".", 0o300)                 # not listable
    os.chdir(start)
    os._exit(0)
