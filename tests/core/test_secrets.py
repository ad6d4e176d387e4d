"""Secrets: from the environment, a file, or made once; the ballot key never lands in var when
the instance names a keys folder (a copy of var plus that key would link secret votes)."""

import os
import pytest
from ratusha.core.secrets import load_secret
from ratusha.core.secrets import SecretNotConfigured
from ratusha.instance.config import write_instance
import stat


@pytest.fixture
def env(tmp_path, monkeypatch):
    for name in ("RATUSHA_VAR", "RATUSHA_KEYS", "RATUSHA_X", "RATUSHA_X_FILE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_environment_then_file_then_made_once(tmp_path, env):
    env.setenv("RATUSHA_VAR", str(tmp_path / "var"))
    made = load_secret("RATUSHA_X", "x.key")
    assert made == load_secret("RATUSHA_X", "x.key") and len(made) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "var" / "x.key").st_mode) == 0o600
    (tmp_path / "given").write_text(" from a file \n", encoding="utf-8")
    env.setenv("RATUSHA_X_FILE", str(tmp_path / "given"))
    assert load_secret("RATUSHA_X", "x.key") == b"from a file"
    env.setenv("RATUSHA_X", "from the environment")
    assert load_secret("RATUSHA_X", "x.key") == b"from the environment"


def test_a_secret_kept_apart_goes_to_the_keys_folder(tmp_path, env):
    env.setenv("RATUSHA_VAR", str(tmp_path / "var"))
    env.setenv("RATUSHA_KEYS", str(tmp_path / "keys"))
    load_secret("RATUSHA_X", "apart.key", apart=True)
    load_secret("RATUSHA_X", "data.key")
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["apart.key"]
    assert sorted(p.name for p in (tmp_path / "var").iterdir()) == ["data.key"]
    assert stat.S_IMODE(os.stat(tmp_path / "keys").st_mode) == 0o700


def test_nothing_configured_is_said(env):
    with pytest.raises(SecretNotConfigured):
        load_secret("RATUSHA_X", "x.key", apart=True)


def test_make_run_keeps_keys_outside_var(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    root = os.path.join(os.path.dirname(__file__), "..", "..", "instance")
    for template in ("zope.conf.in", "zope.ini.in"):
        with open(os.path.join(root, template), encoding="utf-8") as source:
            (instance / template).write_text(source.read(), encoding="utf-8")
    etc = write_instance(instance, "127.0.0.1", 8080)
    conf = (etc / "zope.conf").read_text(encoding="utf-8")
    keys = instance.resolve() / "keys"
    assert f"RATUSHA_KEYS {keys}" in conf and keys.is_dir()
    assert not str(keys).startswith(str(instance.resolve() / "var"))
