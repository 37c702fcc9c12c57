"""What the bubblewrap sandbox is given to see, read from its command line (nothing is started)."""

import sys

import pytest

from autograder.course import Course, CourseError
from autograder.sandbox import Limits
from autograder.sandbox.launch import build_launch
from tests.helpers.course import COURSE


def bwrap_argv(course: Course = COURSE) -> list[str]:
    return build_launch(Limits(), course, use_bwrap=True, cuda=False, threads=1, control_fd=3,
                        process_scratch="/unused").argv


def ro_binds(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == "--ro-bind" and argv[i + 1] == argv[i + 2]]


def tmpfs_mounts(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == "--tmpfs"]


def test_a_site_packages_folder_reached_through_a_pth_is_bound_with_the_project_packages_masked(tmp_path,
                                                                                              monkeypatch):
    shared = tmp_path / "other-env" / "lib" / "python3" / "site-packages"
    (shared / "reference").mkdir(parents=True)        # a non-editable install of a course's references
    plain = tmp_path / "other-env" / "lib" / "extra"   # not a site folder: left out
    plain.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(shared), str(plain)])
    argv = bwrap_argv()
    assert str(shared) in ro_binds(argv)
    assert str(plain) not in ro_binds(argv)
    assert str(shared / "reference") in tmpfs_mounts(argv)


def test_site_folders_inside_the_python_installation_are_not_bound_twice(monkeypatch):
    before = ro_binds(bwrap_argv())
    monkeypatch.setattr(sys, "path", [*sys.path, *sys.path])
    assert ro_binds(bwrap_argv()) == before
    assert len(before) == len(set(before))


def test_a_site_folder_that_holds_the_course_is_refused(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    course = site / "course"
    for folder in ("source", "assignments", "reference"):
        (course / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    with pytest.raises(CourseError, match="visible to student code"):
        bwrap_argv(Course.at(course))
