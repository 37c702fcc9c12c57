"""Batch grading: results in every sink agree, reruns resume, failures are retried or recorded."""

import csv
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import nbformat
import pytest
from rich.console import Console

from tests.helpers.course import COURSE, corpus_dir, release_notebook, shared_settings, source_notebook
from autograder.batch import run_batch
from autograder.progress import BatchProgress
from autograder.samples import sections, submission_notebook, write_sample
from autograder.batch import discover, up_to_date
from autograder.sandbox.launch import STUDENT_UID_BASE, STUDENT_UIDS_PER_SERVER
from autograder.settings import Settings
from autograder.variants import hidden_variants
from autograder.sinks import publish
from autograder.sinks.gradebook import cell_scores, read_gradebook_scores
from autograder.worker import reaping
from tests.helpers import corpus
from tests.helpers.fakes import counting_pytest_sessions

pytestmark = [pytest.mark.slow, pytest.mark.batch]
ASSIGNMENT = "linear_regression"


def make_submissions(root):
    """Six students: solution, stub, two misconceptions, an unreadable file, an empty folder."""
    submitted = root / "submitted"
    folder = lambda student: submitted / student / ASSIGNMENT  # noqa: E731
    for student, notebook in (("ann", source_notebook(ASSIGNMENT)), ("bob", release_notebook(ASSIGNMENT))):
        folder(student).mkdir(parents=True)
        shutil.copy(notebook, folder(student) / f"{ASSIGNMENT}.ipynb")
    for student, case in (("cat", "sum_instead_of_mean"), ("dan", "autograd_not_cleared")):
        write_sample(corpus_dir(ASSIGNMENT) / f"{case}.py", COURSE.assignment(ASSIGNMENT), folder(student) / f"{ASSIGNMENT}.ipynb")
    folder("eve").mkdir(parents=True)
    (folder("eve") / f"{ASSIGNMENT}.ipynb").write_text("{ not json")
    folder("fay").mkdir(parents=True)
    (submitted / "gus").mkdir()  # submitted nothing for this assignment: not a submission
    return submitted


@pytest.fixture(scope="module")
def parent_pytest_sessions():
    """The pytest sessions and collections the batch fixture's process ran (its workers are others)."""
    return {}


@pytest.fixture(scope="module")
def batch(tmp_path_factory, parent_pytest_sessions):
    root = tmp_path_factory.mktemp("batch")
    submitted = make_submissions(root)
    settings = Settings(device="cpu", workers=2)
    with counting_pytest_sessions() as counts:
        summary = run_batch(submitted, COURSE.assignment(ASSIGNMENT), settings, root / "out")
    parent_pytest_sessions.update(counts)
    db = f"sqlite:///{root / 'gradebook.db'}"
    lines = publish(summary, grading=COURSE, gradebook=db, submitted=submitted)
    return root, submitted, settings, summary, db, lines


def test_every_submission_gets_a_result_record(batch):
    root, _, _, summary, _, _ = batch
    assert sorted(summary.results) == ["ann", "bob", "cat", "dan", "eve", "fay"]
    records = {p.stem: json.loads(p.read_text()) for p in (root / "out" / "results").glob("*.json")}
    assert set(records) == set(summary.results)
    for record in records.values():
        assert {"assignment", "student_id", "device", "status", "score", "max_score", "tests"} <= set(record)
    assert records["ann"]["score"] == records["ann"]["max_score"] == 20
    assert records["bob"]["score"] == 0 and records["bob"]["status"] == "graded"
    assert records["eve"]["status"] == "error" and "not a valid Jupyter notebook" in records["eve"]["error"]
    assert records["fay"]["status"] == "error" and "has no linear_regression.ipynb" in records["fay"]["error"]
    assert 0 < records["cat"]["score"] < 20 and 0 < records["dan"]["score"] < 20


def test_the_batch_process_plans_and_warms_the_reference_in_one_pytest_session(batch, parent_pytest_sessions):
    assert batch[3].reference_warmed
    assert parent_pytest_sessions == {"sessions": 1, "collections": 1}


def test_csv_and_json_agree(batch):
    root, _, _, summary, _, _ = batch
    with open(root / "out" / "grades.csv") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(summary.results)
    for student, result in summary.results.items():
        row = rows[student]
        assert (float(row["score"]), float(row["max_score"]), row["status"]) == (result.score, result.max_score,
                                                                              result.status)
        for function, (got, _) in result.points_by_function().items():
            assert float(row[function]) == got


def test_gradebook_matches_the_json_results(batch):
    _, _, _, summary, db, _ = batch
    stored = read_gradebook_scores(COURSE, ASSIGNMENT, db)
    for student, result in summary.results.items():
        assert stored[student] == pytest.approx(cell_scores(result)), student


def test_feedback_pages_and_report_are_written(batch):
    root, _, _, summary, _, lines = batch
    for student in summary.results:
        page = (root / "out" / "feedback" / f"{student}.html").read_text()
        assert f"{summary.results[student].score:g}</b> / 20" in page
    report = (root / "out" / "report.html").read_text()
    assert "gradients accumulated across iterations" in report and "Pass rate per check" in report
    assert any("report.html" in line for line in lines)


def test_feedback_never_shows_hidden_check_code(batch):
    root, _, _, _, _, _ = batch
    page = (root / "out" / "feedback" / "dan.html").read_text()
    for secret in ("inputs.linear_data", "expect_reference_match", "reference.", "check_seed"):
        assert secret not in page


def test_a_rerun_grades_nothing_new(batch):
    root, submitted, settings, first, _, _ = batch
    saved = first.reference_cache.stat().st_mtime_ns
    again = run_batch(submitted, COURSE.assignment(ASSIGNMENT), settings, root / "out")
    assert again.graded == ["fay"]  # a missing notebook has no content to remember; regrading it is free
    assert sorted(again.skipped) == ["ann", "bob", "cat", "dan", "eve"]
    # The second batch loads the saved reference results instead of warming up again.
    assert first.reference_warmed and first.reference_seconds > 0
    assert not again.reference_warmed and again.reference_seconds == 0
    assert again.reference_cache == first.reference_cache and again.reference_cache.stat().st_mtime_ns == saved


def test_after_an_interrupted_batch_only_the_missing_results_are_graded(batch, tmp_path):
    root, submitted, settings, _, _, _ = batch
    out = tmp_path / "out"
    shutil.copytree(root / "out" / "results", out / "results")
    (out / "results" / "cat.json").unlink()
    (out / "results" / "dan.json").write_text('{"truncated')  # a half-written file from a crash
    kept = (out / "results" / "ann.json").stat().st_mtime_ns
    rerun = run_batch(submitted, COURSE.assignment(ASSIGNMENT), settings, out)
    assert sorted(rerun.graded) == ["cat", "dan", "fay"]
    assert (out / "results" / "ann.json").stat().st_mtime_ns == kept
    assert rerun.results["cat"].score == json.loads((root / "out/results/cat.json").read_text())["score"]


def test_links_in_submitted_are_refused_and_no_other_file_reaches_any_output(batch, tmp_path):
    """A notebook, assignment folder or student folder that is a symbolic link (to another student's
    work, or to a file such as the course secret) was graded as the attacker's own; now each is an
    error result naming the link, and the linked file's content is in no record, page or report.
    Bystanders graded before and after the attackers by the same worker keep full marks."""
    root, submitted, _, first, _, _ = batch
    secret = tmp_path / ".pcpt_course_secret"
    secret.write_text("d41d8cd98f00b204e9800998ecf8427e-secret-bytes")
    attacked = tmp_path / "submitted"
    ann = submitted / "ann" / ASSIGNMENT
    for bystander in ("aaa", "zzz"):
        shutil.copytree(ann, attacked / bystander / ASSIGNMENT)
    for student, target in (("mal", ann / f"{ASSIGNMENT}.ipynb"), ("max", secret)):
        (attacked / student / ASSIGNMENT).mkdir(parents=True)
        (attacked / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").symlink_to(target)
    (attacked / "mia").mkdir()
    (attacked / "mia" / ASSIGNMENT).symlink_to(ann, target_is_directory=True)
    (attacked / "moe").symlink_to(submitted / "ann", target_is_directory=True)
    settings = Settings(device="cpu", workers=1, reference_cache=str(first.reference_cache.parent))
    summary = run_batch(attacked, COURSE.assignment(ASSIGNMENT), settings, tmp_path / "out")
    publish(summary, grading=COURSE, gradebook=None)
    results = summary.results
    assert [results[s].score for s in ("aaa", "zzz")] == [results[s].max_score for s in ("aaa", "zzz")]
    for student, name in (("mal", f"{ASSIGNMENT}.ipynb"), ("max", f"{ASSIGNMENT}.ipynb"), ("mia", ASSIGNMENT),
                          ("moe", "moe")):
        assert results[student].status == "error" and results[student].score == 0, student
        assert f"`{name}` in the submission is a symbolic link" in results[student].error, student
        assert results[student].notebook_sha256 is None
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.suffix in (".json", ".csv", ".html")]
    assert len(outputs) >= 2 * 6 + 1
    for path in outputs:
        assert "secret-bytes" not in path.read_text(errors="replace"), path


def test_a_changed_notebook_or_force_is_regraded(batch, tmp_path):
    root, submitted, settings, _, _, _ = batch
    out = tmp_path / "out"
    shutil.copytree(root / "out" / "results", out / "results")
    copy = tmp_path / "submitted"
    shutil.copytree(submitted, copy)
    shutil.copy(source_notebook(ASSIGNMENT), copy / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    rerun = run_batch(copy, COURSE.assignment(ASSIGNMENT), settings, out)
    assert sorted(rerun.graded) == ["bob", "fay"] and rerun.results["bob"].score == rerun.results["bob"].max_score
    forced = run_batch(copy, COURSE.assignment(ASSIGNMENT), settings, out, force=True)
    assert len(forced.graded) == 6


class KillWorkerOnStart:
    """Progress hook that kills the grading worker a moment after it starts on ``victim``."""

    def __init__(self, victim, times):
        self.victim, self.times, self.kills = victim, times, 0

    def start(self, total):
        pass

    def stop(self):
        pass

    def advance(self, student, result):
        pass

    def started(self, task):
        if task.student_id == self.victim and self.kills < self.times:
            self.kills += 1
            workers = multiprocessing.active_children()
            threading.Timer(0.5, lambda: [os.kill(p.pid, signal.SIGKILL) for p in workers]).start()


@pytest.mark.parametrize("kills, expect_error", [(1, False), (2, True)], ids=["killed-once", "killed-twice"])
def test_a_worker_killed_mid_submission_is_retried_once_then_recorded(batch, tmp_path, kills, expect_error):
    _, submitted, _, _, _, _ = batch
    only = tmp_path / "submitted"
    shutil.copytree(submitted / "ann", only / "ann")
    # The victim's notebook takes a few seconds, so the kill lands mid-submission.
    slow = submission_notebook(COURSE.assignment(ASSIGNMENT), sections((corpus_dir(ASSIGNMENT) / "sum_instead_of_mean.py").read_text())
                               + [("new", "import time\ntime.sleep(4)")])
    (only / "cat" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(slow, only / "cat" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    hook = KillWorkerOnStart("cat", kills)
    summary = run_batch(only, COURSE.assignment(ASSIGNMENT), shared_settings(device="cpu", workers=1), tmp_path / "out", progress=hook)
    assert hook.kills == kills
    assert summary.results["ann"].score == summary.results["ann"].max_score
    cat = summary.results["cat"]
    if expect_error:
        assert cat.status == "error" and "grading stopped twice" in cat.error and cat.error_kind == "internal"
    else:
        assert cat.status == "graded" and 0 < cat.score < cat.max_score


def test_a_killed_batch_finishes_on_rerun_without_grading_anything_twice(batch, tmp_path):
    _, submitted, _, _, _, _ = batch
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "batch", str(submitted), "--assignment", ASSIGNMENT,
               "--out", str(out), "--workers", "1", "--no-gradebook", "--no-feedback"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "results").glob("*.json"))) < 2:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    done_before = {p.stem: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 2 <= len(done_before) < 6
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    after = {p.stem: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert set(after) == {"ann", "bob", "cat", "dan", "eve", "fay"}
    regraded = {s for s in done_before if after[s] != done_before[s]}
    assert regraded <= {"fay"}, f"graded twice: {regraded}"


def test_progress_shows_student_ids_verbatim():
    """Student ids are folder names: brackets in them are text, not rich markup (which would raise)."""
    out = io.StringIO()
    console = Console(file=out, width=120)
    progress = BatchProgress(console)
    progress.start(2)
    progress.started(SimpleNamespace(student_id="ann[/]"))
    console.print(progress.progress.get_renderable())
    progress.advance("bob[bold]", None)
    console.print(progress.progress.get_renderable())
    progress.stop()
    assert "grading ann[/]" in out.getvalue() and "graded bob[bold]" in out.getvalue()


# -- process isolation and sandbox faults (one worker, attackers between correct students) --

HOSTILE_SETTINGS = dict(call_timeout=4.0, cell_timeout=4.0, submission_timeout=120.0, memory_limit_mb=1024)
ISOLATION_ATTACKS = ("hostile_10_outlive_submission_and_kill_later_students",
                     "hostile_11_exit_after_attacking_the_server", "hostile_12_deep_scratch_tree")


def _bystander():
    return next(case for case in corpus.cases("gradient_basics") if case.name == "correct_reference_style")


@pytest.fixture(scope="module")
def attacked_batch(tmp_path_factory):
    """One worker grades: a correct student, then each attacker followed by a correct student."""
    root = tmp_path_factory.mktemp("attacked")
    submitted = root / "submitted"
    attackers = {f"m{number}_{case.name}": case for number, case in enumerate(
        case for case in corpus.cases("gradient_basics", root=corpus.HOSTILE) if case.name in ISOLATION_ATTACKS)}
    bystanders = ["aa_bystander", "zz_bystander"] + [f"{student.split('_')[0]}z_bystander" for student in attackers]
    for student in bystanders:
        corpus.build(_bystander(), submitted / student / "gradient_basics")
    for student, case in attackers.items():
        corpus.build(case, submitted / student / "gradient_basics")
    settings = shared_settings(device="cpu", workers=1, **HOSTILE_SETTINGS)
    first = run_batch(submitted, COURSE.assignment("gradient_basics"), settings, root / "out")
    again = run_batch(submitted, COURSE.assignment("gradient_basics"), settings, root / "out", force=True)
    return attackers, bystanders, first, again


def test_students_graded_before_and_after_attackers_by_the_same_worker_keep_full_marks(attacked_batch):
    attackers, bystanders, first, again = attacked_batch
    assert len(attackers) == len(ISOLATION_ATTACKS)
    assert sorted(first.results) == sorted(bystanders + list(attackers))
    for run in (first, again):
        for student in bystanders:
            result = run.results[student]
            assert result.status == "graded" and result.score == result.max_score, (student, result.error,
                                                                                      result.cell_errors)


def test_attackers_are_graded_for_their_own_code_only(attacked_batch):
    attackers, _, first, again = attacked_batch
    for run in (first, again):
        for student, case in attackers.items():
            problems = corpus.verdict(case, run.results[student])
            assert not problems, (student, problems)


class KillStudentProcesses:
    """Progress hook: while ``victim`` is graded, SIGKILL its student processes from outside
    (as an administrator or the OOM killer would) once, or every time one appears."""

    def __init__(self, victim, always):
        self.victim, self.always, self.kills = victim, always, 0
        self.grading = threading.Event()

    def start(self, total):
        pass

    def stop(self):
        self.grading.clear()

    def advance(self, student, result):
        if student == self.victim:
            self.grading.clear()

    def started(self, task):
        if task.student_id == self.victim and (self.always or not self.kills):
            self.grading.set()
            threading.Thread(target=self._kill, daemon=True).start()

    def _kill(self):
        blocks = [STUDENT_UID_BASE + (worker.pid % (1 << 22)) * STUDENT_UIDS_PER_SERVER
                  for worker in multiprocessing.active_children()]
        mine = lambda info, table: any(b <= uid < b + STUDENT_UIDS_PER_SERVER for b in blocks for uid in info.uids)  # noqa: E731
        while self.grading.is_set():
            victims = [info for info in reaping.processes().values() if not info.zombie and mine(info, None)]
            if victims:
                time.sleep(0.3)   # mid-cell
                for info in victims:
                    self.kills += reaping.kill_exactly(info.pid, lambda now: mine(now, None))
                if not self.always:
                    return
            time.sleep(0.05)


@pytest.mark.parametrize("always", [False, True], ids=["killed-once", "killed-every-time"])
def test_a_student_process_killed_from_outside_is_regraded_never_graded_as_a_crash(tmp_path, always):
    submitted = tmp_path / "submitted"
    slow = submission_notebook(COURSE.assignment("gradient_basics"), [("new", "import time\ntime.sleep(1.5)")])
    (submitted / "cat" / "gradient_basics").mkdir(parents=True)
    nbformat.write(slow, submitted / "cat" / "gradient_basics" / "gradient_basics.ipynb")
    corpus.build(_bystander(), submitted / "dan" / "gradient_basics")
    settings = shared_settings(device="cpu", workers=1, **HOSTILE_SETTINGS)
    hook = KillStudentProcesses("cat", always)
    summary = run_batch(submitted, COURSE.assignment("gradient_basics"), settings, tmp_path / "out", progress=hook)
    assert hook.kills >= (2 if always else 1)
    cat, dan = summary.results["cat"], summary.results["dan"]
    assert dan.status == "graded" and dan.score == dan.max_score
    if not always:   # graded again in a fresh sandbox
        assert cat.status == "graded" and cat.score == cat.max_score, (cat.error, cat.cell_errors)
        return
    assert cat.status == "error" and cat.error_kind == "internal", (cat.status, cat.score)
    assert "killed from outside (SIGKILL)" in cat.error and "failed 2 times" in cat.error
    task = next(t for t in discover(submitted, "gradient_basics") if t.student_id == "cat")
    assert not up_to_date(cat, task, settings, "cpu", hidden_variants(settings, COURSE), "gradient_basics")
    rerun = run_batch(submitted, COURSE.assignment("gradient_basics"), settings, tmp_path / "out")
    assert rerun.graded == ["cat"] and rerun.results["cat"].score == rerun.results["cat"].max_score
