"""The grader's life cycle (grade.Grader): one sandbox server and one pytest session per process."""

import contextlib

import pytest

from autograder import grade
from autograder.errors import CourseError
from autograder.grade import Grader
from autograder.settings import Settings
from tests.helpers.course import COURSE, release_notebook, source_notebook
from tests.helpers.fakes import counting_pytest_sessions


@pytest.mark.sandbox
@pytest.mark.slow
def test_one_grader_collects_the_checks_once_for_many_notebooks():
    notebooks = [source_notebook("gradient_basics"), release_notebook("gradient_basics"),
                 source_notebook("gradient_basics")]
    with counting_pytest_sessions() as counts, Grader.open(COURSE.assignment("gradient_basics"), Settings(device="cpu")) as grader:
        results = [grader.grade(path, f"student{n}") for n, path in enumerate(notebooks)]
    assert counts == {"sessions": 1, "collections": 1}
    assert [(r.status, r.score == r.max_score) for r in results] == [("graded", True), ("graded", False),
                                                                    ("graded", True)]
    assert grader.checks.config is None and not grader.server.alive   # both closed


def test_a_check_session_that_cannot_open_stops_the_sandbox_server_started_for_it(monkeypatch):
    closed = []

    class Server:
        def close(self):
            closed.append(self)

    def uncollectable(*args, **kwargs):
        raise CourseError("the checks of gradient_basics could not be collected")

    monkeypatch.setattr(grade, "_new_server", lambda settings, course, **options: Server())
    monkeypatch.setattr(grade.CheckSession, "open", uncollectable)
    with pytest.raises(CourseError, match="could not be collected"):
        Grader.open(COURSE.assignment("gradient_basics"), Settings(device="cpu"), public_only=True)
    assert len(closed) == 1


def test_the_sandbox_server_preloads_while_the_checks_are_collected(monkeypatch):
    """Start-up in parallel: the server is launched first, the check session opens while it
    preloads, and the grader waits for the server only then."""
    events = []

    class Server:
        kind = "fake"

        def wait_ready(self):
            events.append("server ready")

        def close(self):
            events.append("server closed")

    class Checks:
        def close(self):
            pass

    def launch(settings, course, *, wait=True):
        events.append("server launched" + ("" if not wait else " and waited for"))
        return Server()

    def collect(*args, **kwargs):
        events.append("checks collected")
        return contextlib.nullcontext(Checks())

    monkeypatch.setattr(grade, "_new_server", launch)
    monkeypatch.setattr(grade.CheckSession, "open", collect)
    grader = Grader.open(COURSE.assignment("gradient_basics"), Settings(device="cpu"), public_only=True)
    assert events == ["server launched", "checks collected", "server ready"]
    assert grader.server is not None
