"""autograder.settings: command line > environment (PCPT_*) > pyproject [tool.autograder] > defaults."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from autograder.sandbox import Limits
from autograder.sandbox.limits import MIB
from autograder.settings import Settings, SettingsError, load_settings


@pytest.fixture
def pyproject(tmp_path):
    path = tmp_path / "pyproject.toml"

    def write(body: str = "", *, table: bool = True):
        path.write_text(("[tool.autograder]\n" if table else "") + body)
        return path

    return write


# --- defaults and precedence -----------------------------------------------------------

def test_without_any_source_the_defaults_apply(tmp_path):
    settings = load_settings(None, pyproject=tmp_path / "missing.toml", environ={})
    assert settings == Settings()
    assert (settings.device, settings.workers, settings.sandbox) == (torch.device("cuda" if torch.cuda.is_available() else "cpu"), 2, "auto")


def test_a_pyproject_without_the_table_gives_the_defaults(pyproject):
    path = pyproject('[project]\nname = "x"\n', table=False)
    assert load_settings({}, pyproject=path, environ={}) == Settings()


def test_pyproject_overrides_the_defaults(pyproject):
    path = pyproject('workers = 3\ndevice = "cpu"\ncall_timeout = 5.5\nsandbox = "process"\n')
    settings = load_settings(None, pyproject=path, environ={})
    assert (settings.workers, settings.device, settings.call_timeout, settings.sandbox) == (3, torch.device("cpu"), 5.5,
                                                                                           "process")
    assert settings.seed == Settings().seed


def test_environment_overrides_pyproject(pyproject):
    path = pyproject("workers = 3\nseed = 1\n")
    settings = load_settings(None, pyproject=path, environ={"PCPT_WORKERS": "5"})
    assert settings.workers == 5 and settings.seed == 1


def test_command_line_overrides_environment_and_pyproject(pyproject):
    path = pyproject("workers = 3\nmemory_limit_mb = 100\n")
    env = {"PCPT_WORKERS": "5", "PCPT_MEMORY_LIMIT_MB": "200"}
    settings = load_settings({"workers": 7}, pyproject=path, environ=env)
    assert settings.workers == 7
    assert settings.memory_limit_mb == 200


def test_the_dask_scheduler_comes_from_pyproject_environment_or_command_line(pyproject):
    # (device = "cpu": "auto" would ask the scheduler whether a worker has a GPU)
    path = pyproject('scheduler = "tcp://grader0:8786"\nreference_cache = "/srv/cache"\ndevice = "cpu"\n')
    assert Settings().scheduler == ""   # default: the local worker pool
    assert load_settings(None, pyproject=path, environ={}).scheduler == "tcp://grader0:8786"
    from_env = load_settings(None, pyproject=path, environ={"PCPT_SCHEDULER": "tcp://10.0.0.2:8786"})
    assert from_env.scheduler == "tcp://10.0.0.2:8786" and from_env.reference_cache == "/srv/cache"
    assert load_settings({"scheduler": "tcp://127.0.0.1:9000"}, pyproject=path,
                         environ={"PCPT_SCHEDULER": "x"}).scheduler == "tcp://127.0.0.1:9000"


def test_command_line_none_means_not_given(pyproject):
    path = pyproject("workers = 3\n")
    settings = load_settings({"workers": None, "device": None}, pyproject=path, environ={"PCPT_WORKERS": "5"})
    assert settings.workers == 5 and settings.device == torch.device("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.parametrize("name, raw, value", [
    ("device", "cpu", torch.device("cpu")), ("seed", "42", 42), ("workers", "4", 4), ("sandbox", "bwrap", "bwrap"),
    ("call_timeout", "2.5", 2.5), ("cell_timeout", "7", 7.0), ("submission_timeout", "60", 60.0),
    ("memory_limit_mb", "512", 512),
])
def test_every_setting_is_read_from_its_pcpt_variable(tmp_path, name, raw, value):
    settings = load_settings(None, pyproject=tmp_path / "none.toml", environ={f"PCPT_{name.upper()}": raw})
    assert getattr(settings, name) == value and type(getattr(settings, name)) is type(value)


def test_lowercase_or_unrelated_environment_variables_are_ignored(tmp_path):
    env = {"pcpt_workers": "9", "PCPT_UNKNOWN": "x", "WORKERS": "9"}
    assert load_settings(None, pyproject=tmp_path / "none.toml", environ=env) == Settings()


def test_the_explicit_environ_is_used_instead_of_os_environ(tmp_path, monkeypatch):
    monkeypatch.setenv("PCPT_WORKERS", "9")
    assert load_settings(None, pyproject=tmp_path / "none.toml", environ={}).workers == 2
    assert load_settings(None, pyproject=tmp_path / "none.toml").workers == 9


def test_the_projects_own_pyproject_is_valid():
    assert isinstance(load_settings(None, environ={}), Settings)


# --- errors name their source ----------------------------------------------------------

def test_a_bad_environment_value_names_the_variable(tmp_path):
    with pytest.raises(SettingsError, match="PCPT_WORKERS") as error:
        load_settings(None, pyproject=tmp_path / "none.toml", environ={"PCPT_WORKERS": "x"})
    assert "'x'" in str(error.value) and "environment" in str(error.value)


def test_a_bad_command_line_value_names_the_option(tmp_path):
    with pytest.raises(SettingsError, match="--workers"):
        load_settings({"workers": "many"}, pyproject=tmp_path / "none.toml", environ={})
    with pytest.raises(SettingsError, match="--memory-limit-mb"):
        load_settings({"memory_limit_mb": 0}, pyproject=tmp_path / "none.toml", environ={})


def test_a_bad_pyproject_value_names_the_file_and_table(pyproject):
    path = pyproject('workers = "lots"\n')
    with pytest.raises(SettingsError, match=r"pyproject\.toml \[tool\.autograder\]"):
        load_settings(None, pyproject=path, environ={})


def test_the_command_line_is_checked_even_when_the_environment_is_fine(tmp_path):
    with pytest.raises(SettingsError, match="--call-timeout"):
        load_settings({"call_timeout": -1.0}, pyproject=tmp_path / "none.toml", environ={"PCPT_CALL_TIMEOUT": "3"})


def test_a_bad_lower_precedence_value_is_still_an_error(pyproject):
    path = pyproject("workers = 0\n")
    with pytest.raises(SettingsError, match="pyproject"):
        load_settings({"workers": 4}, pyproject=path, environ={})


@pytest.mark.parametrize("name, raw", [("device", "gpu"), ("device", "CUDA"), ("sandbox", "docker"),
                                       ("sandbox", "")])
def test_invalid_choices_are_rejected_with_the_choices(tmp_path, name, raw):
    with pytest.raises(SettingsError, match="must be one of") as error:
        load_settings(None, pyproject=tmp_path / "none.toml", environ={f"PCPT_{name.upper()}": raw})
    assert f"PCPT_{name.upper()}" in str(error.value)


@pytest.mark.parametrize("name, raw", [("workers", "0"), ("workers", "-2"), ("call_timeout", "0"),
                                       ("cell_timeout", "-0.5"), ("submission_timeout", "0.0"),
                                       ("memory_limit_mb", "-1")])
def test_non_positive_values_are_rejected(tmp_path, name, raw):
    with pytest.raises(SettingsError, match="must be positive"):
        load_settings(None, pyproject=tmp_path / "none.toml", environ={f"PCPT_{name.upper()}": raw})


def test_seed_may_be_zero(tmp_path):
    assert load_settings(None, pyproject=tmp_path / "none.toml", environ={"PCPT_SEED": "0"}).seed == 0


@pytest.mark.parametrize("name, raw", [("workers", "2.5"), ("seed", "abc"), ("memory_limit_mb", "1e3"),
                                       ("call_timeout", "fast"), ("workers", "")])
def test_values_of_the_wrong_type_are_rejected(tmp_path, name, raw):
    with pytest.raises(SettingsError, match="is not a valid"):
        load_settings(None, pyproject=tmp_path / "none.toml", environ={f"PCPT_{name.upper()}": raw})


def test_unknown_keys_in_pyproject_are_rejected_naming_the_file(pyproject):
    path = pyproject("workers = 2\ntimeout = 5\n")
    with pytest.raises(SettingsError, match="unknown setting 'timeout'") as error:
        load_settings(None, pyproject=path, environ={})
    assert str(path) in str(error.value)


def test_settings_error_is_a_value_error():
    assert issubclass(SettingsError, ValueError)


# known gaps: each of these is accepted or crashes instead of a SettingsError

@pytest.mark.parametrize("name", ["call_timeout", "cell_timeout", "submission_timeout"])
def test_a_nan_timeout_is_rejected(tmp_path, name):
    with pytest.raises(SettingsError):
        load_settings(None, pyproject=tmp_path / "none.toml", environ={f"PCPT_{name.upper()}": "nan"})


def test_an_infinite_submission_timeout_is_rejected_or_usable(tmp_path):
    try:
        settings = load_settings(None, pyproject=tmp_path / "none.toml", environ={"PCPT_SUBMISSION_TIMEOUT": "inf"})
    except SettingsError:
        return
    settings.limits()


@pytest.mark.parametrize("body", ["workers = 2.5\n", "workers = true\n", "memory_limit_mb = 1024.9\n"])
def test_a_pyproject_value_of_the_wrong_toml_type_is_rejected(pyproject, body):
    with pytest.raises(SettingsError, match="pyproject"):
        load_settings(None, pyproject=pyproject(body), environ={})


def test_a_malformed_pyproject_is_a_settings_error_naming_the_file(pyproject):
    path = pyproject("workers = \n")
    with pytest.raises(SettingsError, match="pyproject.toml"):
        load_settings(None, pyproject=path, environ={})


def test_a_tool_autograder_that_is_not_a_table_is_a_settings_error(pyproject):
    path = pyproject("[tool]\nautograder = 5\n", table=False)
    with pytest.raises(SettingsError):
        load_settings(None, pyproject=path, environ={})


# --- Settings methods ------------------------------------------------------------------

def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().workers = 4


def test_explicit_cpu_resolves_to_cpu():
    assert Settings(device="cpu").device == torch.device("cpu")


def test_the_device_is_a_torch_device_resolved_once_when_the_settings_are_made(monkeypatch):
    asked = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: asked.append(1) or True)
    settings = Settings()
    assert settings.device == torch.device("cuda") and isinstance(settings.device, torch.device)
    again = dataclasses.replace(settings, workers=3)   # a copy (a worker's, say) resolves nothing again
    assert again.device == torch.device("cuda") and len(asked) == 1


def test_auto_resolves_to_cuda_exactly_when_cuda_is_available():
    assert Settings().device == torch.device("cuda" if torch.cuda.is_available() else "cpu")


def test_auto_resolves_to_cpu_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert Settings(device="auto").device == torch.device("cpu")


def test_cuda_without_cuda_raises_a_settings_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(SettingsError, match="no CUDA device"):
        Settings(device="cuda")


def test_with_a_scheduler_auto_follows_the_cluster_and_cuda_is_left_to_the_workers(monkeypatch):
    from autograder import dask_cluster

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(dask_cluster, "cluster_offers_gpu", lambda address: address == "tcp://gpus:8786")
    assert Settings(scheduler="tcp://gpus:8786").device == torch.device("cuda")
    assert Settings(scheduler="tcp://cpus:8786").device == torch.device("cpu")
    assert Settings(device="cuda", scheduler="tcp://cpus:8786").device == torch.device("cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_with_cuda_resolves_to_cuda():
    assert Settings(device="cuda").device == torch.device("cuda")


def test_limits_carry_the_timeouts_and_memory():
    settings = Settings(call_timeout=3.0, cell_timeout=4.0, submission_timeout=50.0, memory_limit_mb=700)
    limits = settings.limits()
    assert isinstance(limits, Limits)
    assert (limits.call_timeout, limits.cell_timeout, limits.submission_timeout) == (3.0, 4.0, 50.0)
    assert limits.memory_bytes == 700 * MIB
    assert limits.cpu_seconds == 130  # twice the submission's wall clock, plus slack
    assert limits.cpu_seconds > settings.submission_timeout


def test_default_limits_match_the_default_settings():
    limits = Settings().limits()
    assert limits.memory_bytes == 3072 * MIB and limits.call_timeout == 20.0
    assert limits.describe_memory() == "3 GiB"


def test_limits_follow_loaded_settings(pyproject):
    path = pyproject("memory_limit_mb = 1024\n")
    settings = load_settings({"call_timeout": 1.5}, pyproject=path, environ={"PCPT_CELL_TIMEOUT": "9"})
    limits = settings.limits()
    assert (limits.call_timeout, limits.cell_timeout, limits.memory_bytes) == (1.5, 9.0, 1024 * MIB)
