"""The hostile corpus (tests/corpus_hostile): untrusted code gains nothing and harms nothing.

Graded with tight limits so that timeouts and memory bombs are quick to hit. Each case
says which function(s) must lose points (and with which message); every other
function must keep full marks, which shows that one student's hostile code is
contained to the checks it sabotages.
"""

import pytest

from autograder.settings import Settings
from tests.helpers import corpus

pytestmark = pytest.mark.slow

HOSTILE_SETTINGS = dict(call_timeout=4.0, cell_timeout=4.0, submission_timeout=120.0, memory_limit_mb=1024)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, grading_device):
    settings = Settings(device=grading_device, **HOSTILE_SETTINGS)
    return corpus.grade_cases(corpus.cases(root=corpus.HOSTILE), tmp_path_factory.mktemp("hostile"), settings)


@pytest.mark.parametrize("case", corpus.cases(root=corpus.HOSTILE), ids=lambda case: case.id)
def test_hostile_case_gains_nothing(graded, case):
    result = graded[case.id]
    problems = corpus.verdict(case, result)
    assert not problems, "\n".join(problems + [f"cell errors: {result.cell_errors}"])
