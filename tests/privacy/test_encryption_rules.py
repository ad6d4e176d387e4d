"""Encryption at rest without a site: the ЕГН's normal form, the key folder and its rings,
tokens across a rotation, the access log's mask and the ratusha-keys commands on files."""

import logging
import os
import pytest
from ratusha.privacy.encryption import api
from ratusha.privacy.encryption import cli
from ratusha.privacy.encryption import keyring
from ratusha.privacy.encryption.logmask import mask
from ratusha.privacy.encryption.logmask import MaskPersonalNumbers
from ratusha.privacy.encryption.personal_number import normalise


@pytest.fixture
def keys(tmp_path, monkeypatch):
    folder = tmp_path / "keys"
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(folder))
    return folder


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("7501010010", "7501010010"),
        (" 7501010010 ", "7501010010"),
        ("750101 0010", "7501010010"),
        ("750101-0010", "7501010010"),
        ("75.01.01/0010", "7501010010"),
        ("1000000000", "1000000000"),  # a ЛНЧ is ten digits too
    ],
)
def test_the_number_a_clerk_typed_is_its_ten_digits(typed, digits):
    assert normalise(typed) == digits


@pytest.mark.parametrize(
    "typed",
    ["", "750101001", "75010100100", "75010100l0", "７５０１０１００１０", None, 7501010010],
)
def test_what_is_not_ten_digits_is_refused(typed):
    with pytest.raises(ValueError):
        normalise(typed)


def test_the_folder_and_key_files_are_private(keys):
    api.encrypt_text("x")
    api.personal_number_key("7501010010")
    assert oct(keys.stat().st_mode & 0o777) == "0o700"
    for ring in keyring.RINGS:
        assert oct((keys / ring).stat().st_mode & 0o777) == "0o700"
        assert oct((keys / ring / "0001.key").stat().st_mode & 0o777) == "0o600"


def test_without_a_folder_there_is_no_key(monkeypatch):
    for name in ("RATUSHA_KEYS_DIR", "RATUSHA_KEYS", "RATUSHA_VAR"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(keyring.KeysNotConfigured):
        api.encrypt_text("x")


def test_the_default_folder_is_keys_in_var(tmp_path, monkeypatch):
    monkeypatch.delenv("RATUSHA_KEYS_DIR", raising=False)
    monkeypatch.setenv("RATUSHA_KEYS", str(tmp_path / "apart"))
    assert keyring.keys_dir() == tmp_path / "apart"  # the instance's keys, away from var
    monkeypatch.delenv("RATUSHA_KEYS")
    monkeypatch.setenv("RATUSHA_VAR", str(tmp_path))
    assert keyring.keys_dir() == tmp_path / "keys"


def test_a_token_hides_the_text_and_comes_back(keys):
    token = api.encrypt_text("ул. „Роза“ 1, Пловдив")
    assert "Роза" not in token and token != api.encrypt_text("ул. „Роза“ 1, Пловдив")
    assert api.decrypt_text(token) == "ул. „Роза“ 1, Пловдив"
    assert api.is_token(token) and not api.is_token("7501010010")


def test_a_changed_token_is_refused(keys):
    token = api.encrypt_text("7501010010")
    forged = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(ValueError):
        api.decrypt_text(forged)
    assert not api.is_token(forged)


def test_after_a_rotation_old_tokens_still_open_and_move_to_the_new_key(keys):
    old = api.encrypt_text("7501010010")
    keyring.add_key(keyring.FERNET)
    assert api.decrypt_text(old) == "7501010010" and not api.is_current(old)
    moved = api.rotate_token(old)
    assert api.is_current(moved) and api.decrypt_text(moved) == "7501010010"
    assert api.is_current(api.encrypt_text("new"))


def test_search_keys_are_keyed_and_rotate(keys):
    first = api.personal_number_key("750101 0010")
    assert first == api.personal_number_key("7501010010") and len(first) == 64
    assert "7501010010" not in first
    keyring.add_key(keyring.HMAC)
    newest, older = api.personal_number_keys("7501010010")
    assert older == first and newest != first
    assert api.personal_number_key("7501010010") == newest


def test_another_folder_makes_other_search_keys(keys, tmp_path, monkeypatch):
    here = api.personal_number_key("7501010010")
    monkeypatch.setenv("RATUSHA_KEYS_DIR", str(tmp_path / "elsewhere"))
    assert api.personal_number_key("7501010010") != here


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            '127.0.0.1 - - "GET /plone/registry/incoming?personal_number=7501010010&year=2026"',
            '127.0.0.1 - - "GET /plone/registry/incoming?personal_number=***&year=2026"',
        ),
        (
            "GET /plone/@search?registry_personal_number=750101+0010 HTTP/1.1",
            "GET /plone/@search?registry_personal_number=*** HTTP/1.1",
        ),
        (
            "GET /plone/@search?SearchableText=x HTTP/1.1",
            "GET /plone/@search?SearchableText=x HTTP/1.1",
        ),
    ],
)
def test_the_access_log_never_keeps_a_searched_number(line, masked):
    assert mask(line) == masked


def test_the_log_filter_masks_a_formatted_record():
    record = logging.LogRecord(
        "wsgi", logging.INFO, __file__, 1, "%s %s", ("GET", "/x?personal_number=7501010010"), None
    )
    assert MaskPersonalNumbers().filter(record)
    assert record.getMessage() == "GET /x?personal_number=***"


def keys_command(*args):
    return cli.main(["--config", "no-such-zope.conf", *args])


def test_status_rotate_and_retire_of_search_keys(keys, capsys):
    assert keys_command("status") == 0
    assert keys_command("rotate", "--search") == 0
    assert keyring.key_ids(keyring.HMAC) == [1, 2]
    # the catalog still holds keys of the first: retiring it would lose the search
    assert keys_command("retire", "--search") == 1
    keyring.set_indexed_with(2)
    assert keys_command("retire", "--search") == 0
    assert keyring.key_ids(keyring.HMAC) == [2]
    out = capsys.readouterr().out
    assert "fernet: 1 key(s) [1], newest 1" in out
    for path in keys.rglob("*.key"):  # no key material is ever printed
        assert path.read_text().strip() not in out


def test_a_command_without_a_folder_says_so(monkeypatch, capsys):
    for name in ("RATUSHA_KEYS_DIR", "RATUSHA_KEYS", "RATUSHA_VAR"):
        monkeypatch.delenv(name, raising=False)
    assert keys_command("status") == 2
    assert "RATUSHA_KEYS_DIR" in capsys.readouterr().err


def test_keys_are_read_again_when_the_folder_changes(keys):
    first = keyring.keys(keyring.FERNET)
    assert keyring.keys(keyring.FERNET) is first  # cached while nothing changes
    keyring.add_key(keyring.FERNET)
    assert len(keyring.keys(keyring.FERNET)) == 2
    assert os.listdir(keys / "fernet") and sorted(os.listdir(keys / "fernet")) == [
        "0001.key",
        "0002.key",
    ]
