"""autograder.variants: per-student hidden inputs from the course secret, and the hidden wording."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import Counter

import pytest
import torch

from autograder import __version__
from autograder.batch import Task, up_to_date
from pcpt_portable.compare import compare, relation
from autograder.expectations import GradingFailure, explain_error, feedback_for, mismatch_message
from autograder.inputs import InputFactory, check_seed
from autograder.nbgrader_checks import autograded_student
from autograder.results import GradeResult
from autograder.sandbox import StudentError
from autograder.settings import SettingsError, load_settings
from pcpt_portable.tolerances import tolerance_for
from autograder.variants import (DEFAULT_VARIANT, SECRET_ENV, SECRET_FILE, HiddenVariants, SecretError,
                                 load_secret)

SECRET = b"a-course-secret-for-these-tests"


def variants(secret=SECRET, count=4, seed=20261124, forced=None) -> HiddenVariants:
    return HiddenVariants(secret, count, seed, forced)


# --- the course secret -------------------------------------------------------------------

def test_the_environment_secret_wins_over_the_file(tmp_path):
    (tmp_path / SECRET_FILE).write_text("from-the-file-0123456789\n")
    assert load_secret(tmp_path, {SECRET_ENV: "from-the-environment-012345"}) == b"from-the-environment-012345"
    assert load_secret(tmp_path, {}) == b"from-the-file-0123456789"


def test_a_missing_secret_file_is_created_once_private_and_announced(tmp_path):
    said = []
    first = load_secret(tmp_path, {}, announce=said.append)
    assert len(first) >= 32 and len(said) == 1 and SECRET_FILE in said[0] and "never release" in said[0]
    assert stat.S_IMODE(os.stat(tmp_path / SECRET_FILE).st_mode) == 0o600
    assert load_secret(tmp_path, {}, announce=said.append) == first and len(said) == 1  # stable, said once


def test_a_short_or_absent_secret_is_refused(tmp_path):
    with pytest.raises(SecretError, match="at least"):
        load_secret(tmp_path, {SECRET_ENV: "short"})
    with pytest.raises(SecretError, match="no course secret"):
        load_secret(tmp_path, {}, create=False)


def test_the_secret_file_is_never_committed():
    from tests.helpers.course import PROJECT_ROOT

    assert SECRET_FILE in (PROJECT_ROOT / ".gitignore").read_text().split()


# --- variants ----------------------------------------------------------------------------

def test_a_student_keeps_the_same_variant_and_seed_on_every_run():
    one, two = variants(), variants()
    assert one.variant_of("linear_regression", "alice") == two.variant_of("linear_regression", "alice")
    assert one.seed("linear_regression", 2) == two.seed("linear_regression", 2)


def test_students_are_spread_over_every_variant():
    counts = Counter(variants().variant_of("linear_regression", f"student{i:03d}") for i in range(400))
    assert set(counts) == {0, 1, 2, 3} and min(counts.values()) > 60


def test_another_secret_gives_other_variants_and_other_hidden_seeds():
    mine, theirs = variants(), variants(secret=b"another-course-secret-entirely")
    assert [mine.seed("mse", v) for v in range(4)] != [theirs.seed("mse", v) for v in range(4)]
    assert [mine.variant_of("a", f"s{i}") for i in range(40)] != [theirs.variant_of("a", f"s{i}") for i in range(40)]
    assert mine.key != theirs.key


def test_variants_have_distinct_seeds_unrelated_to_the_public_base_seed():
    hidden = variants()
    seeds = {hidden.seed("linear_regression", v) for v in range(4)}
    assert len(seeds) == 4 and hidden.base_seed not in seeds


def test_hidden_inputs_differ_between_variants():
    hidden = variants()
    draws = [InputFactory(check_seed(hidden.seed("linear_regression", v), "test_x")).randn(5) for v in range(4)]
    assert all(not torch.equal(draws[i], draws[j]) for i in range(4) for j in range(i + 1, 4))


def test_no_student_id_gets_the_default_variant_and_a_forced_variant_wins():
    assert variants().variant_of("linear_regression", None) == DEFAULT_VARIANT
    assert {variants(forced=3).variant_of("linear_regression", f"s{i}") for i in range(20)} == {3}
    with pytest.raises(ValueError):
        variants(forced=4)


def test_the_secret_never_shows_in_a_repr_or_a_result():
    hidden = variants()
    result = GradeResult("linear_regression", "alice", "cpu", "graded",
                         variant=hidden.variant_of("linear_regression", "alice"), variant_key=hidden.key)
    for text in (repr(hidden), json.dumps(result.to_dict())):
        assert SECRET.decode() not in text and SECRET.hex() not in text
    assert result.to_dict()["variant"] in range(4)


def test_the_number_of_variants_is_a_setting_with_a_bound(tmp_path):
    assert load_settings(None, pyproject=tmp_path / "none.toml", environ={"PCPT_VARIANTS": "6"}).variants == 6
    with pytest.raises(SettingsError, match="at most"):
        load_settings(None, pyproject=tmp_path / "none.toml", environ={"PCPT_VARIANTS": "1000"})


def test_nbgrader_autograde_folders_name_the_student(tmp_path):
    folder = tmp_path / "autograded" / "bob" / "linear_regression"
    folder.mkdir(parents=True)
    assert autograded_student("linear_regression", folder) == "bob"
    assert autograded_student("linear_regression", tmp_path) is None


# --- hidden wording ----------------------------------------------------------------------

@pytest.mark.parametrize("got, expected, words", [
    (2.0, 1.0, "too large by a factor of about 2"), (0.25, 1.0, "too small by a factor of about 4"),
    (-1.0, 1.0, "wrong sign (its size is about right)"), (-3.0, 1.0, "wrong sign"),
    (1.004, 1.0, "slightly too large (by less than 1%)"), (0.95, 1.0, "too small by 1–10%"),
    (1.3, 1.0, "too large by 10–50%"), (0.3, 1.0, "much too small"), (float("nan"), 1.0, "finite value is expected"),
    (1.0, float("inf"), "should diverge"), (0.0, 2.0, "is 0, but the expected value is not"),
])
def test_relation_says_how_a_value_is_off(got, expected, words):
    assert words in relation(got, expected)


def test_hidden_wording_gives_the_location_and_never_the_expected_value():
    expected = torch.tensor([0.61, 0.52, 0.43, 2.9213])
    actual = expected.clone()
    actual[3] = 2 * 2.9213
    mismatch = compare([actual[i].item() for i in range(4)], [e.item() for e in expected],
                       tolerance_for(torch.float32, "cpu", 4), path="losses")
    public, hidden = mismatch.describe(), mismatch.describe(hidden=True)
    assert "expected 2.92" in public
    assert "losses[3]" in hidden and "factor of about 2" in hidden
    assert "2.92" not in hidden and "expected" not in hidden and "difference 2" not in hidden


def test_messages_take_the_wording_of_the_running_check():
    mismatch = compare(torch.tensor(4.0), torch.tensor(2.0), tolerance_for(torch.float32, "cpu", 1))
    with feedback_for("public"):
        assert "expected 2" in mismatch_message("mse_loss", mismatch, None)
    with feedback_for("hidden"):
        message = mismatch_message("mse_loss", mismatch, None)
    assert "expected 2" not in message and "too large by a factor of about 2" in message


def test_numbers_in_a_students_own_exception_are_masked_in_hidden_checks():
    error = StudentError("exception", "ValueError", "inputs were tensor([0.4812, -1.2290]) and 12345, shape 3")
    with feedback_for("hidden"):
        hidden = explain_error("mse_loss", error)
    with feedback_for("public"):
        public = explain_error("mse_loss", error)
    assert isinstance(hidden, GradingFailure) and "0.4812" not in hidden.message and "12345" not in hidden.message
    assert "ValueError" in hidden.message and "shape 3" in hidden.message
    assert "0.4812" in public.message


def test_a_rerun_regrades_when_the_secret_or_the_variant_count_changed(tmp_path):
    notebook = tmp_path / "s1" / "linear_regression" / "linear_regression.ipynb"
    notebook.parent.mkdir(parents=True)
    notebook.write_text("{}")
    task = Task("s1", notebook)
    settings = load_settings({"device": "cpu"}, pyproject=tmp_path / "none.toml", environ={})
    hidden = variants(count=settings.variants, seed=settings.seed)
    previous = GradeResult("linear_regression", "s1", "cpu", "graded", grader_version=__version__,
                           notebook_sha256=hashlib.sha256(b"{}").hexdigest(), seed=settings.seed,
                           variant=hidden.variant_of("linear_regression", "s1"), variant_key=hidden.key)
    assert up_to_date(previous, task, settings, "cpu", hidden, "linear_regression")
    for changed in (variants(secret=b"a-new-secret-for-this-course", count=settings.variants, seed=settings.seed),
                    variants(count=settings.variants + 1, seed=settings.seed)):
        assert not up_to_date(previous, task, settings, "cpu", changed, "linear_regression")
