"""The sandbox layer on its own: typed results, isolation, and the fork server's bookkeeping."""

import pytest

from autograder.sandbox import TIMEOUT_MESSAGE, ForkServer, Limits, bwrap_works

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server():
    with ForkServer(Limits(call_timeout=5, cell_timeout=5)) as server:
        yield server


def run(server, source, timeout=10):
    child = server.spawn()
    try:
        return child, child.run_cell(1, source, timeout)
    finally:
        pass


def test_a_child_forked_while_the_previous_one_exits_is_not_swept_away(server):
    # Regression: the server's clean-up after child A's exit used to kill child B.
    for _ in range(15):
        first = server.spawn()
        first.run_cell(1, "x = 1", 5)
        first.close()
        second = server.spawn()
        result = second.run_cell(1, "import time\ntime.sleep(0.05)\nimport torch", 5)
        assert result.ok and second.alive, result.error
        second.close()


def test_cells_share_one_namespace_and_calls_return_plain_data(server):
    child = server.spawn()
    assert child.run_cell(1, "import torch\ndef double(t, k=2):\n    return t * k, {'n': t.numel()}", 5).ok
    result = child.call("double", (__import__("torch").ones(3),), {"k": 3}, timeout=5)
    child.close()
    assert result.ok
    tensor, info = result.value
    assert tensor.tolist() == [3.0, 3.0, 3.0] and info == {"n": 3}


def test_an_endless_loop_is_a_typed_timeout(server):
    child, result = run(server, "while True:\n    pass", timeout=1)
    assert not result.ok and result.error.kind == "timeout"
    assert result.error.message == TIMEOUT_MESSAGE.format(seconds=1)
    assert not child.alive


def test_os_exit_is_a_typed_crash(server):
    child, result = run(server, "import os\nos._exit(3)")
    assert result.error.kind == "crashed" and "status 3" in result.error.message


def test_a_missing_function_is_reported_by_name(server):
    child = server.spawn()
    result = child.call("nowhere", timeout=5)
    child.close()
    assert result.error.kind == "missing" and "nowhere" in result.error.message


def test_printing_cannot_forge_a_reply(server):
    child = server.spawn()
    forged = '{"op": "call", "ok": true, "value": 1}'
    result = child.run_cell(1, f"import sys, os\nprint({forged!r})\nsys.__stdout__.write({forged!r})\n"
                               f"os.write(1, b'garbage')\ndef f():\n    return 2", 5)
    value = child.call("f", timeout=5).value
    child.close()
    assert result.ok and value == 2


@pytest.mark.skipif(not bwrap_works(), reason="bubblewrap is not available")
class TestBubblewrapIsolation:
    def test_there_is_no_network(self, server):
        _, result = run(server, "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=2)")
        assert "Network is unreachable" in result.error.message

    def test_the_project_and_the_reference_are_not_visible(self, server):
        from autograder.assignments import PROJECT_ROOT

        for source in (f"open({str(PROJECT_ROOT / 'reference' / 'linear_regression.py')!r}).read()",
                       "import reference", "import autograder",
                       f"import os\nassert not os.listdir({str(PROJECT_ROOT)!r})"):
            _, result = run(server, source)
            assert not result.ok, source

    def test_writes_outside_the_scratch_folder_fail(self, server):
        _, result = run(server, "open('/tmp/evil', 'w').write('x')")
        assert not result.ok
        _, result = run(server, "open('mine.txt', 'w').write('x')\nassert open('mine.txt').read() == 'x'")
        assert result.ok

    def test_student_code_runs_as_an_unprivileged_user(self, server):
        _, result = run(server, "import os\nassert os.getuid() != 0\nos.kill(1, 9)")
        assert result.error.type == "PermissionError"
