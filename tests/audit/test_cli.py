"""ratusha-audit verify/anchor/purge against a SQLite file edited behind the log's back."""

import json
import sqlite3

import pytest

from ratusha.audit import cli
from ratusha.audit.store import AuditStore
from ratusha.audit.store import dispose


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit.sqlite"
    url = f"sqlite:///{path}"
    monkeypatch.setenv("RATUSHA_AUDIT_DB", url)
    monkeypatch.setenv("RATUSHA_AUDIT_KEY", "cli-key")
    store = AuditStore(url, b"cli-key")
    store.append([{"action": "content.modify", "event_class": "content", "outcome": "success",
                   "actor_id": f"user{n}", "details": {"n": n}} for n in range(1, 11)])
    yield path
    dispose(url)


def run(capsys, *argv):
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def sql(path, statement):
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()


def test_clean_log_verifies(log, capsys):
    code, out = run(capsys, "verify")
    assert code == 0 and out.startswith("OK: 10 records")


@pytest.mark.parametrize("statement,seq", [
    ("UPDATE audit_record SET actor_id = 'mallory' WHERE seq = 4", 4),
    ("DELETE FROM audit_record WHERE seq = 6", 6),
    ("UPDATE audit_record SET seq = 100 WHERE seq = 3", 3),
    ("UPDATE audit_record SET details = (SELECT details FROM audit_record WHERE seq = 2) WHERE seq = 5", 5),
    ("INSERT INTO audit_record SELECT 11, ts, instance, request_id, 'mallory', actor_login, "
     "auth_method, client_ip, user_agent, action, event_class, object_uid, object_path, "
     "object_type, outcome, details, digest, hash, hash, purged FROM audit_record WHERE seq = 10", 11),
])
def test_tampering_in_sqlite_is_named(log, capsys, statement, seq):
    sql(log, statement)
    code, out = run(capsys, "verify")
    assert code == 1
    assert out.startswith(f"BROKEN at record {seq}:"), out


def test_cut_tail_needs_the_anchor(log, capsys, tmp_path):
    anchor = tmp_path / "anchor.json"
    code, out = run(capsys, "anchor", "--out", str(anchor))
    assert code == 0 and json.loads(anchor.read_text())["seq"] == 10
    sql(log, "DELETE FROM audit_record WHERE seq >= 9")
    assert run(capsys, "verify")[0] == 0
    code, out = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 1 and "its tail was cut" in out


def test_purge_then_verify(log, capsys):
    code, out = run(capsys, "purge", "--class", "content", "--days", "0")
    assert code == 0 and "content: 10 records" in out
    assert run(capsys, "verify")[0] == 0
    connection = sqlite3.connect(log)
    assert connection.execute("SELECT count(*) FROM audit_record WHERE purged AND actor_id IS NULL").fetchone()[0] == 10
    connection.close()


def test_not_configured(monkeypatch, capsys):
    for name in ("RATUSHA_AUDIT_DB", "RATUSHA_VAR"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["verify"]) == 2
