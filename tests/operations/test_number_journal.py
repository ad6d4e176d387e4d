"""Every registration number reaches the journal before the ledger commits it, or is not issued."""

import pytest
from ratusha.registry import journal
from ratusha.registry import numbers
import transaction


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    monkeypatch.setenv("RATUSHA_REGISTRY_DB", url)
    yield tmp_path
    transaction.abort()
    numbers.dispose(url)


def register():
    transaction.begin()
    return numbers.reserve("register", 2026, "uid", "registrar", lambda seq: f"94-00-{seq:05d}")


def test_the_journal_has_the_number_the_ledger_has(ledger, monkeypatch):
    monkeypatch.setenv("RATUSHA_JOURNAL", str(ledger / "journal"))
    assert register() == (1, "94-00-00001")
    transaction.commit()
    lines = journal.read(ledger / "journal" / journal.FILENAME)
    assert lines == [{"number": "94-00-00001", "period": 2026, "register": "register", "seq": 1}]
    assert [row["seq"] for row in numbers.ledger_rows("register", 2026)] == [1]


def test_no_number_is_issued_when_the_journal_cannot_be_written(ledger, monkeypatch):
    (ledger / "unmounted").write_text("a file where the journal's folder should be")
    monkeypatch.setenv("RATUSHA_JOURNAL", str(ledger / "unmounted"))
    register()
    with pytest.raises(OSError):
        transaction.commit()
    transaction.abort()
    assert numbers.ledger_rows("register", 2026) == []
