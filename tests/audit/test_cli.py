"""ratusha-audit verify/anchor/purge against a SQLite file edited behind the log's back."""

import json
import pytest
from ratusha.audit import cli
from ratusha.audit.store import AuditStore
from ratusha.core.sql import dispose
import sqlite3


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit.sqlite"
    url = f"sqlite:///{path}"
    monkeypatch.setenv("RATUSHA_AUDIT_DB", url)
    monkeypatch.setenv("RATUSHA_AUDIT_KEY", "cli-key")
    store = AuditStore(url, b"cli-key")
    store.append(
        [
            {
                "action": "content.modify",
                "event_class": "content",
                "outcome": "success",
                "actor_id": f"user{n}",
                "details": {"n": n},
            }
            for n in range(1, 11)
        ]
    )
    yield path
    dispose(url)


def run(capsys, *argv):
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def sql(path, statements):
    connection = sqlite3.connect(path)
    connection.executescript(statements)
    connection.commit()
    connection.close()


def test_clean_log_verifies(log, capsys):
    code, out = run(capsys, "verify")
    assert code == 0 and out.startswith("OK: 10 records")


SWAP_2_AND_3 = (
    "UPDATE audit_record SET seq = -2 WHERE seq = 2; "
    "UPDATE audit_record SET seq = 2 WHERE seq = 3; "
    "UPDATE audit_record SET seq = 3 WHERE seq = -2"
)


@pytest.mark.parametrize(
    "statement,lines",
    [
        (
            "UPDATE audit_record SET actor_id = 'mallory' WHERE seq = 4",
            ["record 4: edited: its content was changed after it was written"],
        ),
        (
            "UPDATE audit_record SET actor_id = 1 WHERE seq = 4",
            ["record 4: edited: its content was changed after it was written"],
        ),
        ("DELETE FROM audit_record WHERE seq = 6", ["record 6: deleted: missing from the log"]),
        (
            "UPDATE audit_record SET seq = 100 WHERE seq = 3",
            ["record 100: reordered: it is record 3, moved here"],
        ),
        (
            SWAP_2_AND_3,
            [
                "record 2: reordered: it is record 3, moved here",
                "record 3: reordered: it is record 2, moved here",
            ],
        ),
        (
            "UPDATE audit_record SET details = (SELECT details FROM audit_record WHERE seq = 2) WHERE seq = 5",
            ["record 5: edited: its content was changed after it was written"],
        ),
        (
            "INSERT INTO audit_record SELECT 11, ts, instance, request_id, 'mallory', actor_login, "
            "auth_method, client_ip, user_agent, action, event_class, object_uid, object_path, "
            "object_type, outcome, details, digest, hash, hash, purged FROM audit_record WHERE seq = 10",
            ["record 11: inserted: it copies the hash of record 10"],
        ),
        (
            "DELETE FROM audit_record WHERE seq >= 9",
            [
                "records 9-10: deleted: the log ends at record 8, but the head table goes to record 10: "
                "its tail was cut"
            ],
        ),
    ],
)
def test_tampering_in_sqlite_is_named(log, capsys, statement, lines):
    sql(log, statement)
    code, out = run(capsys, "verify")
    assert code == 1
    assert out.splitlines()[1:] == [f"  {line}" for line in lines], out
    assert out.startswith(f"BROKEN: {len(lines)} problem(s) in ")


def test_every_break_is_listed(log, capsys):
    """An edit early in the log hides nothing after it: every break gets its line."""
    sql(
        log,
        "UPDATE audit_record SET actor_id = 'mallory' WHERE seq = 2; "
        "DELETE FROM audit_record WHERE seq = 5; "
        "UPDATE audit_record SET seq = -6 WHERE seq = 6; "
        "UPDATE audit_record SET seq = 6 WHERE seq = 7; "
        "UPDATE audit_record SET seq = 7 WHERE seq = -6; "
        "DELETE FROM audit_record WHERE seq = 10",
    )
    code, out = run(capsys, "verify")
    assert code == 1
    assert out.splitlines() == [
        "BROKEN: 5 problem(s) in 8 records",
        "  record 2: edited: its content was changed after it was written",
        "  record 5: deleted: missing from the log",
        "  record 6: reordered: it is record 7, moved here",
        "  record 7: reordered: it is record 6, moved here",
        "  record 10: deleted: the log ends at record 9, but the head table goes to record 10: "
        "its tail was cut",
    ]


def test_cut_tail_and_head_need_the_anchor(log, capsys, tmp_path):
    anchor = tmp_path / "anchor.json"
    code, out = run(capsys, "anchor", "--out", str(anchor))
    assert code == 0 and json.loads(anchor.read_text())["seq"] == 10
    sql(
        log,
        "DELETE FROM audit_record WHERE seq >= 9; "
        "UPDATE audit_head SET seq = 8, hash = (SELECT hash FROM audit_record WHERE seq = 8)",
    )
    assert run(capsys, "verify")[0] == 0  # records and head rewound together: only the anchor knows
    code, out = run(capsys, "verify", "--anchor", str(anchor))
    assert code == 1 and "the anchor goes to record 10: its tail was cut" in out


def test_purge_then_verify(log, capsys):
    code, out = run(capsys, "purge", "--class", "content", "--days", "0")
    assert code == 0 and "content: 10 records" in out
    assert run(capsys, "verify")[0] == 0
    connection = sqlite3.connect(log)
    assert (
        connection.execute(
            "SELECT count(*) FROM audit_record WHERE purged AND actor_id IS NULL"
        ).fetchone()[0]
        == 10
    )
    connection.close()


def test_not_configured(monkeypatch, capsys):
    for name in ("RATUSHA_AUDIT_DB", "RATUSHA_VAR"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["verify"]) == 2
