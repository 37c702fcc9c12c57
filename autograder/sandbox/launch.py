"""How the fork server is started: inside bubblewrap where it works, else a plain process.

With bubblewrap the server sees a minimal read-only system: /usr and the few /etc files
Python needs, the Python installation, the virtual environment and any other
site-packages folder on the grader's path (with the engine's and the course's packages
masked), and the worker package alone; never the course. It gets a private tmpfs /tmp,
no network, its own PID/IPC/UTS namespaces, and dies with the grader. It keeps only the
capabilities needed to switch each student child to an unprivileged uid and to clean
up after it; the child drops all of them when it switches.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pcpt_portable

from ..course import Course, CourseError
from ..errors import SandboxError

WORKER_PACKAGE = Path(__file__).resolve().parent.parent / "worker"
PORTABLE_PACKAGE = Path(pcpt_portable.__file__).resolve().parent   # wire and test functions, which the worker uses
SANDBOX_LIB = "/opt/pcpt"              # the worker package is mounted at /opt/pcpt/worker, pcpt_portable beside it
# Kept by the server only; each child drops all of them when it switches uid.
# CAP_SYS_ADMIN lets a child give itself private IPC, network and mount namespaces first;
# CAP_SYS_PTRACE lets the server see the memory files a student process holds (/proc/<pid>/fd).
SERVER_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",
               "CAP_SYS_ADMIN", "CAP_SYS_PTRACE")
STUDENT_UID_BASE = 0x4000_0000       # far above any uid a system hands out
STUDENT_UIDS_PER_SERVER = 256        # one per student process; cycled, never reused while in use
SITE_FOLDERS = ("site-packages", "dist-packages")
PROJECT_PACKAGES = ("reference", "autograder")   # the course's references, the engine
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "fonts", "localtime",
             "nsswitch.conf", "passwd", "group", "matplotlibrc")


@dataclass(frozen=True)
class Launch:
    argv: list[str]
    env: dict[str, str]
    kind: str            # "bwrap" or "process"
    scratch_root: str
    uids: tuple[int, int] | None     # (first, count) of the students' uids, None without a uid switch


def bwrap_works() -> bool:
    """True when bubblewrap is installed and can create the namespaces we ask for."""
    return bwrap_problem() is None


@functools.lru_cache(maxsize=None)
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot isolate student code here (None when it can), in a few words."""
    exe = shutil.which("bwrap")
    if not exe:
        return "bubblewrap (bwrap) is not installed"
    probe = [exe, *_namespace_args(), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bubblewrap ({exe}) cannot run: {exc}"
    if done.returncode != 0:
        said = " ".join(done.stderr.decode(errors="replace").split())[-300:] or f"exit status {done.returncode}"
        return f"bubblewrap ({exe}) cannot create its namespaces here: {said}"
    return None


def require_isolation(choice: str) -> None:
    """Refuse (SandboxSetupError) when ``choice`` is not the process sandbox named explicitly
    and bubblewrap cannot isolate student code here: never a silent fallback."""
    if choice != "process" and bwrap_problem():
        raise SandboxSetupError(no_isolation_message(bwrap_problem()))


def no_isolation_message(problem: str) -> str:
    return (f"refusing to grade without isolation: {problem}. Grade where bubblewrap works (as root, or "
            "where user namespaces are allowed), or name the weaker sandbox explicitly with --sandbox process "
            "(PCPT_SANDBOX=process; it needs root with CAP_SYS_ADMIN, and every result and report says it "
            "was used)")


def _namespace_args() -> list[str]:
    args = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session"]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"] + [a for cap in SERVER_CAPS for a in ("--cap-add", cap)]
    else:
        args += ["--unshare-user"]
    return args


def _bind_system(args: list[str]) -> None:
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(top), top]
        elif path.is_dir():
            args += ["--ro-bind", top, top]
    for name in ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]


def _parents_traversable(args: list[str], paths) -> None:
    """bubblewrap creates missing mount points as root-only folders; the student uid must
    be able to walk through them to reach the Python installation."""
    made = set()
    for path in paths:
        for parent in reversed(Path(path).parents):
            if str(parent) not in ("/", "/tmp", "/opt") and str(parent) not in made:
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]


def _project_packages_in_site() -> list[str]:
    """Non-editable installs put ``reference``/``autograder`` in site-packages: mask them."""
    sites = [Path(sysconfig.get_paths()["purelib"]), *map(Path, _site_folders_outside_roots())]
    return [str(site / name) for site in sites for name in PROJECT_PACKAGES if (site / name).is_dir()]


def _python_roots() -> list[str]:
    roots = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix}
    return sorted(roots, key=len)


def _within(path: str, folder: str) -> bool:
    return Path(path).is_relative_to(folder)


def _site_folders_outside_roots() -> list[str]:
    """site-packages folders on the grader's path that the Python installation does not hold.

    A ``.pth`` file can put another environment's site-packages on the path (an engine
    installed in a venv of its own that borrows torch from an existing one); the sandboxed
    Python, started from the same installation, finds them the same way and must see them.
    """
    roots = _python_roots()
    found: list[str] = []
    for entry in sys.path:
        path = os.path.abspath(entry or ".")
        if Path(path).name not in SITE_FOLDERS or not os.path.isdir(path):
            continue
        if not any(_within(path, r) or _within(os.path.realpath(path), r) for r in roots + found):
            found.append(path)
    return found


def _check_course_hidden(root: Path, bound: list[str]) -> None:
    """No folder bound into the sandbox may hold the course (its reference implementations)."""
    course = os.path.realpath(root)
    for folder in bound:
        if _within(course, folder) or _within(course, os.path.realpath(folder)):
            raise CourseError(f"refusing to start the sandbox: {folder} would make the course at {course} "
                              "(its reference implementations) visible to student code")


def _cuda_devices() -> list[str]:
    return sorted(str(p) for p in Path("/dev").glob("nvidia*"))


# Folders a child of the process sandbox sees as empty (its mount namespace covers them): where
# the course, its secret, the submissions, the grades and other users' files usually are.
HIDDEN_FOLDERS = ("/tmp", "/var/tmp", "/run", "/home", "/root", "/srv", "/mnt", "/media")   # (/dev/shm: its own)


class SandboxSetupError(SandboxError):
    """The sandbox asked for cannot be set up here."""


def _hidden_from_process_sandbox(root: Path) -> list[str]:
    hidden = [folder for folder in HIDDEN_FOLDERS if os.path.isdir(folder)]
    course = str(root.resolve())
    if not any(_within(course, folder) for folder in hidden):
        hidden.append(course)
    return hidden


def student_uids() -> tuple[int, int] | None:
    """(first, count): the block of uids this grading process's fork server hands out, one
    per student process (when we are root).

    The block follows the grading process's pid, which no other live process has, so two
    servers (a batch's workers) never share a uid; RLIMIT_NPROC then counts one student
    process's own processes only. Blocks stay below 2**31.
    """
    if os.geteuid() != 0:
        return None
    return STUDENT_UID_BASE + (os.getpid() % (1 << 22)) * STUDENT_UIDS_PER_SERVER, STUDENT_UIDS_PER_SERVER


def build_launch(limits, course: Course, *, use_bwrap: bool, cuda: bool, threads: int, control_fd: int,
                 process_scratch: str) -> Launch:
    """The command line and environment for one fork server of ``course`` (hidden from it; its
    test functions sent to it as source)."""
    import json

    # Absolute: bubblewrap runs it from /tmp, so "../.venv/bin/python" would name nothing there.
    # (abspath, not resolve: a venv's python is a symlink whose location selects the venv.)
    python = os.path.abspath(sys.executable)
    env_common = {
        "PCPT_CONTROL_FD": str(control_fd),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "LANG": "C.UTF-8",
    }
    if use_bwrap:
        uids = student_uids()
        scratch_root = "/tmp"
        config = {"scratch_root": scratch_root, "uid_base": uids and uids[0], "uid_count": uids and uids[1],
                  "limits": limits.for_worker(cuda), "threads": threads,
                  "test_functions": course.test_function_sources()}
        args = [shutil.which("bwrap"), *_namespace_args()]
        _bind_system(args)
        # bubblewrap mounts in order: the private /tmp first, so that a Python or a venv that
        # lives under /tmp (a CI checkout, say) is bound on top of it rather than hidden by it.
        args += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.scratch_bytes), "--tmpfs", "/tmp",
                 "--dir", "/tmp/mpl"]
        roots = _python_roots() + _site_folders_outside_roots()
        _check_course_hidden(course.root, roots)
        _parents_traversable(args, roots + [f"{SANDBOX_LIB}/worker", f"{SANDBOX_LIB}/pcpt_portable"])
        for root in roots:
            args += ["--ro-bind", root, root]
        for masked in _project_packages_in_site():
            args += ["--tmpfs", masked]
        args += ["--ro-bind", str(WORKER_PACKAGE), f"{SANDBOX_LIB}/worker",
                 "--ro-bind", str(PORTABLE_PACKAGE), f"{SANDBOX_LIB}/pcpt_portable", "--chdir", "/tmp", "--clearenv"]
        for device in _cuda_devices() if cuda else ():
            args += ["--dev-bind", device, device]
        if cuda:  # the CUDA driver enumerates devices through sysfs
            args += ["--ro-bind", "/sys", "/sys"]
        env = dict(env_common, PATH="/usr/bin:/bin", HOME="/tmp", MPLCONFIGDIR="/tmp/mpl",
                   IPYTHONDIR="/tmp/ipython", PYTHONPATH=SANDBOX_LIB,
                   PCPT_WORKER_CONFIG=json.dumps(config))
        for key, value in env.items():
            args += ["--setenv", key, value]
        args += [python, "-s", "-m", "worker.server"]
        return Launch(args, {}, "bwrap", scratch_root, uids)

    # The weaker sandbox, only when named: a separate process with resource limits and a
    # private working folder. As root, each child must get private network, IPC and mount
    # namespaces (the course, /tmp, the home folders hidden) and a uid of its own; a step that
    # fails stops it (see worker.isolation). Without root there is no uid switch: the server
    # still kills and reaps each child's whole process tree (it is the subreaper), but student
    # code runs as the grader's own user (in a user namespace of its own, without network).
    # (A Python under /root or /home is bound back into the child's view past the covered
    # folder; the server's start-up probe checks that the student uid can reach it.)
    uids = student_uids()
    lib = Path(process_scratch) / "lib"
    if not (lib / "worker").exists():
        shutil.copytree(WORKER_PACKAGE, lib / "worker", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(PORTABLE_PACKAGE, lib / "pcpt_portable", ignore=shutil.ignore_patterns("__pycache__"))
    config = {"scratch_root": process_scratch, "uid_base": uids and uids[0], "uid_count": uids and uids[1],
              "limits": limits.for_worker(cuda), "threads": threads,
              "test_functions": course.test_function_sources(),
              "hide": _hidden_from_process_sandbox(course.root), "keep": _python_roots() + _site_folders_outside_roots()
              + [process_scratch]}
    os.chmod(process_scratch, 0o755)
    env = dict(env_common, PATH=os.environ.get("PATH", "/usr/bin:/bin"), HOME=process_scratch,
               MPLCONFIGDIR=str(Path(process_scratch) / "mpl"), IPYTHONDIR=str(Path(process_scratch) / "ipython"),
               PYTHONPATH=str(lib), PCPT_WORKER_CONFIG=json.dumps(config))
    return Launch([python, "-s", "-m", "worker.server"], env, "process", process_scratch, uids)
