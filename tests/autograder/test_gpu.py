"""Grading on CUDA (marker gpu): skipped cleanly where no CUDA device exists.

Run with `pytest -m gpu --device cuda` on a GPU machine: the corpus and hostile tests
then grade on CUDA as well (their `grading_device` fixture follows --device).
"""

import pytest
import torch

from autograder.settings import Settings
from reference import autograd_descent as ad
from tests.helpers import corpus
from tests.helpers.course import COURSE

pytestmark = [pytest.mark.gpu, pytest.mark.slow, pytest.mark.sandbox]


def test_reference_reproduces_the_published_numbers_on_cuda_within_the_cuda_tolerance():
    from pcpt_portable.tolerances import tolerance_for

    x, y = (t.cuda() for t in ad.generate_training_pairs())
    tol = tolerance_for(torch.float32, "cuda", 4000)
    got = ad.polynomial_gradient_descent_manual(x, y)
    for value, published in zip(got, (1.4275, -1.9894, 1.6990, 0.0749)):
        assert abs(value - published) <= tol.allows(value, published) + 5e-5
    got = ad.regression_polynomial_second_order_via_gradient(x, y)
    for value, published in zip(got, (1.4430, -2.0325, 1.7196, 0.0730)):
        assert abs(value - published) <= tol.allows(value, published) + 5e-5


def test_corpus_cases_grade_the_same_on_cuda(tmp_path):
    wanted = [c for c in corpus.cases() if c.name.startswith("correct") or "cuda" in c.expected.get("devices", [])
              or c.name in ("sum_instead_of_mean", "autograd_not_cleared", "float_double_mix")]
    results = corpus.grade_cases(wanted, tmp_path, Settings(device="cuda", workers=1))
    for case in wanted:
        assert results[case.id].device == "cuda"
        assert not corpus.verdict(case, results[case.id]), case.id


def test_student_tensors_come_back_on_the_device_they_were_made_on(tmp_path):
    from autograder.notebook import NotebookCell
    from autograder.sandbox import ForkServer, Limits
    from autograder.submission import SandboxedSubmission

    cells = [NotebookCell(1, "import torch\ndef on_cpu(x):\n    return torch.zeros(3)\ndef same(x):\n"
                             "    return x * 2", None)]
    with ForkServer(Limits(), cuda=True, course=COURSE) as server:
        submission = SandboxedSubmission(server, cells, COURSE.assignment("linear_regression")).start()
        x = torch.ones(3, device="cuda")
        assert submission.call("same", (x,)).value.device.type == "cuda"
        assert submission.call("on_cpu", (x,)).value.device.type == "cpu"
        submission.close()
