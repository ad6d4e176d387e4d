"""Whatever a caller passes, the record written verifies; tampering is named, every break.

An anonymous `POST @login {"login": true}` once wrote a record hashed over the JSON `true`
but stored as the text '1', so the chain never verified again. Here every field a caller can
influence gets every JSON type (and worse), through the store and through record(); then the
log is tampered with in SQL the way an intruder would, in several places at once.
"""

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import pytest
from ratusha.audit import chain
from ratusha.audit import recorder
from ratusha.audit.store import AuditStore
from ratusha.audit.store import records
from ratusha.audit.store import stored_content
from ratusha.audit.verification import DELETED
from ratusha.audit.verification import EDITED
from ratusha.audit.verification import REORDERED
from ratusha.audit.verification import verify
from ratusha.core.sql import dispose
import sqlite3


KEY = b"property-key"
ODD = "\x00\ud800\udfff\udbff\u202e\u200b\ufeff\u0301\U0001f5f3\r\n\t\\\"'%_"

odd_text = st.text(st.characters(exclude_categories=()) | st.sampled_from(ODD), max_size=40)
long_text = st.integers(256, 2000).map(lambda n: "ж" * n)
numbers = (
    st.integers()
    | st.integers(min_value=2**63)
    | st.integers(max_value=-(2**63))
    | st.floats()
    | st.sampled_from([-0.0, 0.0, 1e308, -1e308, 5e-324, 2**53 + 1.0])
)
scalars = st.none() | st.booleans() | numbers | odd_text | long_text
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(odd_text | st.none() | st.booleans() | numbers, inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=12,
)
CALLER_FIELDS = [name for name in chain.CONTENT_FIELDS if name != "seq"]
entries = st.fixed_dictionaries({}, optional={name: json_values for name in CALLER_FIELDS})


def row_of(store, seq):
    with store.engine.connect() as connection:
        return dict(
            connection.execute(records.select().where(records.c.seq == seq)).mappings().one()
        )


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('audit-properties') / 'audit.sqlite'}"
    yield AuditStore(url, KEY)
    dispose(url)


@pytest.fixture(scope="module")
def pg_store(postgres_url):
    store = AuditStore(postgres_url, KEY)
    with store.engine.begin() as connection:
        connection.execute(records.delete())
        connection.exec_driver_sql("UPDATE audit_head SET seq = 0, hash = repeat('0', 64)")
    yield store
    dispose(postgres_url)


def check_written(store, entry):
    [seq] = store.append([entry])
    row = row_of(store, seq)
    assert chain.digest(row) == row["digest"], (entry, row)
    expected = stored_content(dict(entry, seq=seq, ts=entry.get("ts") or row["ts"]))
    assert {name: row[name] for name in chain.CONTENT_FIELDS} == expected
    assert store.verify().ok


@pytest.mark.parametrize(
    "login",
    [True, False, 1, 1.5, -0.0, 10**20, ["a", "b"], {"a": 1}, "\ud800", "a\x00b", "ж" * 1000, None],
)
def test_refused_login_of_any_type_verifies(sqlite_store, login):
    """The attack as it came: a login that is not text, on an auth.login-failed record."""
    check_written(
        sqlite_store,
        {
            "action": "auth.login-failed",
            "event_class": "auth",
            "outcome": "denied",
            "actor_login": login,
            "details": {"reason": "unknown-user", "login": login},
        },
    )
    assert isinstance(row_of(sqlite_store, sqlite_store.head()[0])["details"], str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=entries)
def test_every_field_of_any_json_type_verifies_sqlite(sqlite_store, entry):
    check_written(sqlite_store, entry)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=entries)
def test_every_field_of_any_json_type_verifies_postgresql(pg_store, entry):
    """PostgreSQL refuses NUL in text and text longer than a column: both are made storable."""
    check_written(pg_store, entry)


def test_plain_text_keeps_its_meaning(sqlite_store):
    entry = {
        "action": "content.modify",
        "event_class": "content",
        "outcome": "success",
        "actor_login": "Иван Петров",
        "object_path": "/plone/док-1",
        "details": {"fields": ["title"], "n": 1},
    }
    [seq] = sqlite_store.append([entry])
    row = row_of(sqlite_store, seq)
    assert row["actor_login"] == "Иван Петров" and row["object_path"] == "/plone/док-1"
    assert row["details"] == '{"fields": ["title"], "n": 1}'
    assert row_of(sqlite_store, seq)["ts"].endswith("Z")


@pytest.fixture(scope="module")
def recorder_env(sqlite_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RATUSHA_AUDIT_DB", sqlite_store.url)
        patch.setenv("RATUSHA_AUDIT_KEY", KEY.decode())
        yield sqlite_store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(action=json_values, login=json_values, path=json_values, details=json_values)
def test_record_with_any_values_verifies(recorder_env, action, login, path, details):
    """record() as Ratusha's code calls it, immediate like a refused login."""
    before = recorder_env.head()[0]
    recorder.record(
        action, outcome="denied", details=details, login=login, path=path, immediate=True
    )
    assert recorder_env.head()[0] == before + 1
    assert recorder_env.verify().ok


# ---- tampering with the database behind the log's back -------------------------------------


def tamper_plan(n):
    """Non-overlapping places for edits, deletions and swaps, and how much tail to cut."""
    return st.tuples(
        st.lists(
            st.tuples(st.sampled_from(["edit", "delete", "swap"]), st.integers(1, n - 5)),
            max_size=6,
        ),
        st.integers(0, 3),
    ).map(lambda plan: (_spaced(plan[0]), plan[1]))


def _spaced(acts):
    chosen, taken = [], set()
    for act, place in sorted(acts, key=lambda a: a[1]):
        if not taken & {place - 1, place, place + 1, place + 2}:
            chosen.append((act, place))
            taken |= {place, place + 1}
    return chosen


def apply(path, acts, cut, n):
    """Tamper in SQL; the problems verify must report, in order."""
    statements, expected = [], []
    for act, place in acts:
        if act == "edit":
            statements.append(
                f"UPDATE audit_record SET actor_id = coalesce(actor_id, '') || '·' "
                f"WHERE seq = {place}"
            )
            expected.append((place, place, EDITED))
        elif act == "delete":
            statements.append(f"DELETE FROM audit_record WHERE seq = {place}")
            expected.append((place, place, DELETED))
        else:
            statements += [
                f"UPDATE audit_record SET seq = -1 WHERE seq = {place}",
                f"UPDATE audit_record SET seq = {place} WHERE seq = {place + 1}",
                f"UPDATE audit_record SET seq = {place + 1} WHERE seq = -1",
            ]
            expected += [(place, place, REORDERED), (place + 1, place + 1, REORDERED)]
    if cut:
        statements.append(f"DELETE FROM audit_record WHERE seq > {n - cut}")
        expected.append((n - cut + 1, n, DELETED))
    connection = sqlite3.connect(path)
    connection.executescript(";".join(statements) + ";")
    connection.commit()
    connection.close()
    return expected


def found(verdict):
    return [(p.seq, p.last if p.last is not None else p.seq, p.kind) for p in verdict.problems]


N = 16
small_entries = st.fixed_dictionaries(
    {}, optional={"actor_id": scalars, "actor_login": scalars, "details": scalars}
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents=st.lists(small_entries, min_size=N, max_size=N), plan=tamper_plan(N))
def test_every_break_is_reported_precisely(tmp_path_factory, contents, plan):
    acts, cut = plan
    path = tmp_path_factory.mktemp("tamper") / "audit.sqlite"
    url = f"sqlite:///{path}"
    store = AuditStore(url, KEY)
    try:
        store.append(contents)
        assert store.verify().ok
        expected = apply(path, acts, cut, N)
        verdict = store.verify()
        assert found(verdict) == expected, str(verdict)
        assert verdict.ok == (not expected)
    finally:
        dispose(url)


def test_cut_tail_without_anchor_is_reported(tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    store = AuditStore(url, KEY)
    store.append([{"action": "content.modify", "event_class": "content", "outcome": "success"}] * 5)
    apply(tmp_path / "audit.sqlite", [], 2, 5)
    verdict = store.verify()
    assert found(verdict) == [(4, 5, DELETED)]
    assert "but the head table goes to record 5" in str(verdict)
    dispose(url)


def test_list_model_agrees_with_sql():
    """verify() on plain dicts (as an exported copy would be read) gives the same answer."""
    rows, prev = [], chain.GENESIS
    for seq in range(1, 6):
        content = stored_content(
            {
                "seq": seq,
                "actor_login": True,
                "action": "auth.login-failed",
                "event_class": "auth",
                "outcome": "denied",
            }
        )
        digest = chain.digest(content)
        rows.append(
            dict(
                content,
                digest=digest,
                prev_hash=prev,
                purged=False,
                hash=chain.link(KEY, seq, prev, digest),
            )
        )
        prev = rows[-1]["hash"]
    assert verify(rows, KEY, head=(5, prev)).ok
    del rows[1]
    assert found(verify(rows, KEY, head=(5, prev))) == [(2, 2, DELETED)]
