"""The submission corpus, as the tests use it: the engine's ``autograder.authoring.corpus``
(cases, build, verdict, grade_cases; what a case's ``.json`` may say is documented there),
plus what only the tests have: the hostile corpus and pytest's ``--hidden-variant`` option.

Hostile cases, which test the engine, live in ``tests/corpus_hostile/<assignment>/``.
"""

from __future__ import annotations

from functools import partial

from autograder.authoring import corpus as engine
from autograder.authoring.corpus import REVEALING, Case, verdict  # noqa: F401
from tests.helpers.course import COURSE, PROJECT_ROOT

HOSTILE = PROJECT_ROOT / "tests" / "corpus_hostile"
# The engine's, on this checkout's course.
cases = partial(engine.cases, course=COURSE)
cross_section = partial(engine.cross_section, course=COURSE)
build = partial(engine.build, course=COURSE)
grade_cases = partial(engine.grade_cases, course=COURSE)


def variants_for_run(config, settings):
    """The hidden variants a corpus run uses: ``--hidden-variant N`` forces variant N for every
    case; by default each case (student) gets its own by the keyed hash."""
    from autograder.variants import hidden_variants

    chosen = config.getoption("--hidden-variant")
    return hidden_variants(settings, COURSE, forced=None if chosen in (None, "student") else int(chosen))
