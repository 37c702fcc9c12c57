"""The nbgrader course a command runs in: where a batch's outputs, autograded notebooks and gradebook go.

nbgrader finds its course from the working folder's ``nbgrader_config.py`` (``CourseDirectory.root``,
by default that folder, and ``CourseDirectory.db_url``, by default ``<root>/gradebook.db``); a batch
run there writes where ``nbgrader autograde`` and formgrader look. This is not always the grading
course (``autograder.course``: checks and reference), e.g. ``make demo``'s copy under
``demo_out/course`` holds nbgrader's files only and is graded with the checkout's checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import AutograderError

CONFIG_FILE = "nbgrader_config.py"


@dataclass(frozen=True)
class NbgraderCourse:
    root: Path
    db_url: str
    config_file: Path


def configured(folder: Path) -> NbgraderCourse | None:
    """The course ``folder/nbgrader_config.py`` declares, as nbgrader reads it; None without one."""
    folder = Path(folder).resolve()
    if not (folder / CONFIG_FILE).is_file():
        return None
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        config = PyFileConfigLoader(CONFIG_FILE, str(folder)).load_config()
    except ConfigFileNotFound:
        return None
    except Exception as exc:  # noqa: BLE001 - the instructor's own file: say which and why
        raise AutograderError(f"{folder / CONFIG_FILE}: cannot be read ({type(exc).__name__}: {exc})") from exc
    settings = config.get("CourseDirectory", {})
    root = Path(settings.get("root") or folder)
    root = (root if root.is_absolute() else folder / root).resolve()
    return NbgraderCourse(root, settings.get("db_url") or f"sqlite:///{root / 'gradebook.db'}", folder / CONFIG_FILE)


def batch_course(submitted: Path, cwd: Path | None = None) -> NbgraderCourse:
    """The course a batch of ``submitted`` writes into: the working folder's nbgrader course, else
    the one ``submitted/`` lies in; refuses when both exist and differ, or when there is none."""
    here = configured(cwd or Path.cwd())
    submitted = Path(submitted).resolve()
    theirs = configured(submitted.parent) if submitted.name == "submitted" else None
    if here and theirs and here.root != theirs.root:
        raise AutograderError(
            f"{submitted} belongs to the nbgrader course {theirs.root}, but this folder's {CONFIG_FILE} is the "
            f"course {here.root}, where the outputs and gradebook would go: run the command in {theirs.root}, or "
            "give --out DIR and --gradebook URL (or --no-gradebook)")
    course = here or theirs
    if course is None:
        raise AutograderError(
            f"no nbgrader course here: neither {Path(cwd or Path.cwd()).resolve()} nor {submitted.parent} has "
            f"{CONFIG_FILE}; run the command in the course folder (where nbgrader runs), or give --out DIR and "
            "--no-gradebook")
    return course
