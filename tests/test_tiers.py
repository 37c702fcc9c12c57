"""The tier markers hold: a test without its tier's marker cannot start what the tier names
(tests/conftest.py), so ``make test-unit`` starts no sandbox and no batch."""

import pytest


def test_an_unmarked_test_cannot_start_a_fork_server_or_a_worker_pool():
    from autograder.local_pool import WorkerPool
    from autograder.sandbox import ForkServer

    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest\.mark\.sandbox"):
        ForkServer()
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest\.mark\.batch"):
        WorkerPool.__new__(WorkerPool)._start()


@pytest.mark.sandbox
def test_a_sandbox_test_may_start_a_fork_server_but_not_a_worker_pool():
    from autograder.local_pool import WorkerPool
    from autograder.sandbox import ForkServer

    assert "refuse" not in ForkServer.__init__.__qualname__   # the real constructor
    with pytest.raises(pytest.fail.Exception, match=r"mark it @pytest\.mark\.batch"):
        WorkerPool.__new__(WorkerPool)._start()
