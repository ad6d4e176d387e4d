"""The SQL store: appends form one chain, also from many threads at once; purge keeps it valid."""

import pytest
from ratusha.audit.store import AuditStore
from ratusha.audit.store import records
from ratusha.core.sql import dispose
import sqlalchemy as sa
import threading


def entry(n, actor="clerk"):
    return {
        "action": "content.modify",
        "event_class": "content",
        "outcome": "success",
        "actor_id": actor,
        "object_path": f"/plone/doc-{n}",
        "details": {"n": n},
    }


@pytest.fixture
def sqlite_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    yield AuditStore(url, b"k")
    dispose(url)


def hammer(store, threads=8, acts=500):
    def work(worker):
        for n in range(acts):
            store.append([entry(n, actor=f"worker{worker}")])

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def check_one_chain(store, expected):
    verdict = store.verify()
    assert verdict.ok, str(verdict)
    assert verdict.checked == expected == store.head()[0]
    with store.engine.connect() as connection:
        seqs = [row[0] for row in connection.execute(sa.select(records.c.seq))]
    assert sorted(seqs) == list(range(1, expected + 1))


def test_concurrent_writers_make_one_chain(sqlite_store):
    hammer(sqlite_store)
    check_one_chain(sqlite_store, 8 * 500)


def test_search_filters(sqlite_store):
    sqlite_store.append(
        [
            entry(1, "ana"),
            entry(2, "boris"),
            dict(entry(3, "ana"), action="auth.login-failed", event_class="auth", outcome="denied"),
        ]
    )
    assert [r["seq"] for r in sqlite_store.search(actor="ana")] == [3, 1]
    assert [r["seq"] for r in sqlite_store.search(outcome="denied")] == [3]
    assert [r["seq"] for r in sqlite_store.search(action="content.")] == [2, 1]
    assert [r["seq"] for r in sqlite_store.search(text="doc-2")] == [2]
    assert [r["seq"] for r in sqlite_store.search(text="100%")] == []
    assert [r["seq"] for r in sqlite_store.search(before=3, limit=1)] == [2]


def test_purge_blanks_but_keeps_chain(sqlite_store):
    sqlite_store.append([entry(n) for n in range(5)])
    count = sqlite_store.purge("content", "9999-01-01T00:00:00Z", actor={"actor_login": "cron"})
    assert count == 5
    rows = sqlite_store.search(limit=10)
    assert rows[0]["action"] == "audit.purge"
    assert all(r["actor_id"] is None and r["purged"] for r in rows[1:])
    assert sqlite_store.verify().ok


def test_postgresql_chain(postgres_url):
    store = AuditStore(postgres_url, b"pg-key")
    with store.engine.begin() as connection:
        connection.execute(records.delete())
        connection.exec_driver_sql("UPDATE audit_head SET seq = 0, hash = repeat('0', 64)")
    hammer(store, threads=8, acts=100)
    check_one_chain(store, 800)
    store.purge("content", "9999-01-01T00:00:00Z")
    assert store.verify().ok
    dispose(postgres_url)
