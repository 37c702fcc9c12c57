"""The submission corpus, as the tests use it: the engine's ``autograder.authoring.corpus``
(cases, build, verdict, grade_cases; what a case's ``.json`` may say is documented there),
plus what only the tests have: the hostile corpus and pytest's ``--hidden-variant`` option.

Hostile cases, which test the engine, live in ``tests/corpus_hostile/<assignment>/``.
"""

from __future__ import annotations

from autograder.authoring.corpus import (REVEALING, Case, build, cases, cross_section, grade_cases,  # noqa: F401
                                         verdict)
from tests.helpers.course import PROJECT_ROOT

HOSTILE = PROJECT_ROOT / "tests" / "corpus_hostile"


def variants_for_run(config, settings):
    """The hidden variants a corpus run uses: ``--hidden-variant N`` forces variant N for every
    case; by default each case (student) gets its own by the keyed hash."""
    from autograder.variants import hidden_variants

    chosen = config.getoption("--hidden-variant")
    return hidden_variants(settings, forced=None if chosen in (None, "student") else int(chosen))
