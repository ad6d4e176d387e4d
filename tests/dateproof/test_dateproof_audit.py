"""Audit retention at awkward moments: `ratusha-audit purge` blanks the records older than the
period and none younger, the period counted in real days whatever the calendar and the clock
change do around it."""

import datetime
import pytest
from ratusha.audit import cli
from ratusha.audit.store import AuditStore
from ratusha.core.sql import dispose
import sqlite3


DAYS = 30
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit.sqlite"
    url = f"sqlite:///{path}"
    monkeypatch.setenv("RATUSHA_AUDIT_DB", url)
    monkeypatch.setenv("RATUSHA_AUDIT_KEY", "dateproof-key")
    yield path, AuditStore(url, b"dateproof-key")
    dispose(url)


def test_retention_blanks_exactly_what_is_older_than_the_period(log, moment, capsys):
    path, store = log
    now = datetime.datetime.now(datetime.UTC)
    for age, actor in ((DAYS * 24 * 60 + 1, "older"), (DAYS * 24 * 60 - 1, "younger")):
        moment.move_to(now - age * MINUTE)
        store.append(
            [
                {
                    "action": "content.modify",
                    "event_class": "content",
                    "outcome": "success",
                    "actor_id": actor,
                }
            ]
        )
    moment.move_to(now)
    assert cli.main(["purge", "--class", "content", "--days", str(DAYS)]) == 0
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT actor_id, purged FROM audit_record WHERE action = 'content.modify' ORDER BY seq"
        ).fetchall()
    assert rows == [(None, 1), ("younger", 0)]
    assert cli.main(["verify"]) == 0
    capsys.readouterr()
