"""The demo's students are the samples an assignment names, so the documented next steps keep naming them."""

import pytest

from autograder import demo
from autograder.errors import CourseError
from tests.helpers.course import COURSE


def test_every_demo_sample_the_course_names_is_a_corpus_case():
    named = demo.demo_assignments(COURSE)
    assert named
    for assignment, samples in named.items():
        picked = demo._pick(COURSE.assignment(assignment), samples)
        assert not samples or set(picked) == set(samples), assignment


def test_a_named_sample_that_is_no_corpus_case_is_an_error_naming_it():
    with pytest.raises(CourseError, match="no_such_case"):
        demo._pick(COURSE.assignment("autograd_descent"), {"ada": "correct_lesson_style", "ben": "no_such_case"})
