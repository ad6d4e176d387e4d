"""The urn of a secret ballot: masked counters that change only when the vote commits, count
exactly on close, refuse to count what does not match the voters, and keep no history in
their SQLite file."""

import pytest
from ratusha.council import ballots
from ratusha.council.voting import urn as urns
from ratusha.council.voting import urnstore
from ratusha.council.voting.urn import MemoryUrn
from ratusha.council.voting.urn import MODULUS
import sqlite3
import transaction


OPTIONS = ("yes", "no", "abstain")


@pytest.fixture
def memory():
    found = MemoryUrn("urn-test", b"key")
    MemoryUrn._stores.pop(found.urn_id, None)
    yield found
    MemoryUrn._stores.pop(found.urn_id, None)


def vote(urn, manager, voter, choice):
    manager.begin()
    urn.drop(voter, choice, OPTIONS, manager)


def test_a_vote_counts_only_when_its_transaction_commits(memory):
    manager = transaction.TransactionManager()
    memory.prepare(OPTIONS)
    vote(memory, manager, "v1", "yes")
    manager.abort()
    assert memory._store_read() == dict.fromkeys(OPTIONS, 0)
    vote(memory, manager, "v1", "yes")
    savepoint = manager.savepoint()
    memory.drop("v2", "no", OPTIONS, manager)
    savepoint.rollback()
    manager.commit()
    assert memory.counts(OPTIONS, ["v1"]) == {"yes": 1, "no": 0, "abstain": 0}


def test_every_vote_moves_every_counter_by_a_masked_amount(memory):
    manager = transaction.TransactionManager()
    memory.prepare(OPTIONS)
    before = memory._store_read()
    vote(memory, manager, "v1", "no")
    manager.commit()
    after = memory._store_read()
    deltas = {o: (after[o] - before[o]) % MODULUS for o in OPTIONS}
    assert all(delta not in (0, 1) for delta in deltas.values())
    assert deltas == {
        o: (urns.mask(b"key", "urn-test", "v1", o) + (o == "no")) % MODULUS for o in OPTIONS
    }


def test_the_close_reads_its_own_transaction(memory):
    """Votes and the close in one transaction (as in a test, or a script) count too."""
    manager = transaction.TransactionManager()
    memory.prepare(OPTIONS)
    vote(memory, manager, "v1", "abstain")
    memory.drop("v2", "abstain", OPTIONS, manager)
    assert memory.counts(OPTIONS, ["v1", "v2"], manager) == {"yes": 0, "no": 0, "abstain": 2}
    manager.abort()


@pytest.mark.parametrize(
    "voted, marked",
    [
        (["v1", "v2"], ["v1"]),  # a counter written without its voter's mark
        (["v1"], ["v1", "v2"]),  # a mark whose counter was never written
        (["v1", "v2"], ["v1", "v3"]),  # the wrong voter
    ],
)
def test_a_urn_that_does_not_match_the_voters_is_not_counted(memory, voted, marked):
    manager = transaction.TransactionManager()
    memory.prepare(OPTIONS)
    for voter in voted:
        vote(memory, manager, voter, "yes")
        manager.commit()
    with pytest.raises(ballots.Uncountable) as refused:
        memory.counts(OPTIONS, marked)
    assert refused.value.status == 409 and refused.value.code == "uncountable"


def test_the_sqlite_urn_keeps_no_past(tmp_path, monkeypatch):
    path = tmp_path / "ballots.sqlite"
    monkeypatch.setenv("RATUSHA_BALLOT_DB", f"sqlite:///{path}")
    monkeypatch.setenv("RATUSHA_BALLOT_KEY", "outside var")
    found = urnstore.urn("poll-1")
    found.prepare(OPTIONS)
    for voter, choice in [("v1", "yes"), ("v2", "no"), ("v3", "yes")]:
        transaction.begin()
        found.drop(voter, choice, OPTIONS)
        transaction.commit()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ballots.sqlite"]  # no journal
    transaction.begin()
    assert found.counts(OPTIONS, ["v1", "v2", "v3"]) == {"yes": 2, "no": 1, "abstain": 0}
    found.empty()
    transaction.commit()
    connection = sqlite3.connect(str(path))
    try:
        assert connection.execute("SELECT count(*) FROM council_urn").fetchone() == (0,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        connection.close()
    assert b"poll-1" not in path.read_bytes()  # secure_delete zeroed the deleted rows
    urnstore.dispose()


def test_the_ballot_database_sits_beside_the_audit_one(monkeypatch, tmp_path):
    monkeypatch.delenv("RATUSHA_BALLOT_DB", raising=False)
    monkeypatch.setenv("RATUSHA_AUDIT_DB", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    assert urnstore.database_url() == f"sqlite:///{tmp_path / 'ballots.sqlite'}"
    monkeypatch.setenv("RATUSHA_AUDIT_DB", "postgresql+psycopg://ratusha@db/ratusha")
    assert urnstore.database_url() == "postgresql+psycopg://ratusha@db/ratusha"
    monkeypatch.setenv("RATUSHA_BALLOT_DB", "sqlite:////elsewhere/urn.sqlite")
    assert urnstore.database_url() == "sqlite:////elsewhere/urn.sqlite"
