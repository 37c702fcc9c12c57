"""A batch writes into the nbgrader course it runs in (its nbgrader_config.py), or refuses and says which."""

import os
import shutil
import subprocess
import sys

import pytest

from autograder.nbgrader_course import batch_course, configured
from autograder.release import copy_course
from autograder.samples import write_sample
from tests.helpers.course import COURSE, PROJECT_ROOT, corpus_dir

ASSIGNMENT = "gradient_basics"


def autograder(*args, cwd, timeout=300):
    env = {k: v for k, v in os.environ.items() if k != "PCPT_COURSE_ROOT"}
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def nbgrader_course(folder):
    """An nbgrader course holding nbgrader's files only (as make demo's demo_out/course)."""
    course = copy_course(folder, PROJECT_ROOT)
    write_sample(corpus_dir(ASSIGNMENT) / "correct_reference_style.py", COURSE.assignment(ASSIGNMENT),
                 course / "submitted" / "ann" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    return course


def test_the_course_is_read_as_nbgrader_reads_its_config(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.root = 'inner'\n"
                                                 "c.CourseDirectory.db_url = 'sqlite:////srv/db.sqlite'\n")
    found = configured(tmp_path)
    assert found.root == (tmp_path / "inner").resolve() and found.db_url == "sqlite:////srv/db.sqlite"
    assert configured(tmp_path / "elsewhere") is None
    plain = copy_course(tmp_path / "plain", PROJECT_ROOT)   # the project's config: root = its folder, gradebook.db
    assert configured(plain).root == plain.resolve()
    assert configured(plain).db_url == f"sqlite:///{plain.resolve() / 'gradebook.db'}"


def test_a_batch_refuses_where_it_cannot_tell_the_course(tmp_path):
    (tmp_path / "lost" / "submitted").mkdir(parents=True)
    with pytest.raises(Exception, match="no nbgrader course here"):
        batch_course(tmp_path / "lost" / "submitted", cwd=tmp_path / "lost")
    one, other = copy_course(tmp_path / "one", PROJECT_ROOT), copy_course(tmp_path / "other", PROJECT_ROOT)
    (other / "submitted").mkdir()
    with pytest.raises(Exception, match=f"belongs to the nbgrader course {other.resolve()}.*run the command in"):
        batch_course(other / "submitted", cwd=one)
    assert batch_course(other / "submitted", cwd=tmp_path).root == other.resolve()   # run from outside: its course
    done = autograder("batch", other / "submitted", "--assignment", ASSIGNMENT, cwd=one)
    assert done.returncode == 2 and f"belongs to the nbgrader course {other.resolve()}" in done.stderr
    assert not (one / "grading").exists() and not (other / "grading").exists()


@pytest.mark.batch
@pytest.mark.slow
def test_batch_in_an_nbgrader_course_writes_its_outputs_and_gradebook_there(tmp_path):
    course = nbgrader_course(tmp_path / "course")
    in_checkout = PROJECT_ROOT / "grading" / ASSIGNMENT / "results" / "ann.json"
    before = in_checkout.stat().st_mtime_ns if in_checkout.exists() else None
    done = autograder("batch", "submitted", "--assignment", ASSIGNMENT, "--no-feedback", "--workers", "1",
                      "--device", "cpu", cwd=course)
    assert done.returncode == 0, done.stderr
    assert (course / "grading" / ASSIGNMENT / "results" / "ann.json").is_file()
    assert (course / "gradebook.db").is_file() and (course / "autograded" / "ann" / ASSIGNMENT).is_dir()
    assert f"sqlite:///{course.resolve() / 'gradebook.db'}" in done.stdout
    assert (in_checkout.stat().st_mtime_ns if in_checkout.exists() else None) == before
    shutil.rmtree(course)
